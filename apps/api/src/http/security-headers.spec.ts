import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { HELMET_OPTIONS, SECURITY_HEADERS, securityHeaders } from './security-headers';

describe('security headers computed once', () => {
  it('are exactly what helmet sets on a response for the same options', () => {
    const request = new IncomingMessage(new Socket());
    const response = new ServerResponse(request);
    helmet(HELMET_OPTIONS)(request, response, () => undefined);
    expect(SECURITY_HEADERS).toEqual(response.getHeaders());
    expect(SECURITY_HEADERS['content-security-policy']).toContain("default-src 'self'");
    expect(Object.isFrozen(SECURITY_HEADERS)).toBe(true);
  });

  it('follow the options (a header turned off is not sent)', () => {
    expect(securityHeaders({ xFrameOptions: false })['x-frame-options']).toBeUndefined();
  });
});
