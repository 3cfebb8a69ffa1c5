import { FastifyReply } from 'fastify';

/** Subscription and customer GETs carry `ETag: "<revision>"`; commands accept it as If-Match. */
export function setETag(reply: FastifyReply, revision: number): void {
  void reply.header('ETag', `"${revision}"`);
}
