/** R27-R30: the refusals new commerce adds to R18's (HTTP 409, or 422 on an order line). */
export const NEW_COMMERCE_REFUSALS = {
  cancellationWindowPassed: 'cancellation-window-passed',
  invalidTermEndDate: 'invalid-term-end-date',
  scheduledChangesNotAllowed: 'scheduled-changes-not-allowed',
} as const;
