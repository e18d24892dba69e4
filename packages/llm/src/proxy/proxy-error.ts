import type { ServerResponse } from 'node:http';

/** An error answered in the shape OpenAI uses, so the openai SDK reads the message and the status. */
export function sendProxyError(res: ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { message, type: 'eternia_model_proxy', param: null, code } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
