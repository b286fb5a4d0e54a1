import { defineNode, f, InputError, parseRetryAfter, RateLimitError, RemoteError } from '../sdk';

export const httpNode = defineNode({
  type: 'core.http',
  kind: 'action',
  title: 'HTTP request',
  category: 'Actions',
  description: 'Calls any HTTP API. 5xx and network faults retry by the node policy; 429 honours Retry-After.',
  params: {
    method: f.select({ label: 'Method', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: 'GET' }),
    url: f.text({ label: 'URL', required: true, placeholder: 'https://api.example.com/items' }),
    headers: f.keyValue({ label: 'Headers' }),
    body: f.json({ label: 'Body' }),
    timeoutMs: f.number({ label: 'Timeout (ms)', min: 1, max: 300_000, integer: true, default: 30_000 }),
    failOnStatus: f.boolean({ label: 'Fail on 4xx/5xx', default: true }),
  },
  sampleOutput: { status: 200, headers: {}, body: {} },
  async run(ctx, params) {
    if (!URL.canParse(params.url) || !/^https?:$/.test(new URL(params.url).protocol)) {
      throw new InputError(`URL '${params.url}' is not an absolute http(s) URL`, { field: 'url' });
    }
    const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey };
    for (const [k, v] of Object.entries(params.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const response = await ctx.http.request({
      method: params.method ?? 'GET',
      url: params.url,
      headers,
      body: params.method === 'GET' ? undefined : params.body,
      timeoutMs: params.timeoutMs,
    });
    if (params.failOnStatus !== false && response.status >= 400) {
      const summary = `${params.method ?? 'GET'} ${new URL(params.url).host} answered ${response.status}`;
      if (response.status === 429) {
        throw new RateLimitError(summary, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.now()), details: response.body });
      }
      throw new RemoteError(summary, { status: response.status, details: response.body });
    }
    return { status: response.status, headers: response.headers, body: response.body };
  },
});
