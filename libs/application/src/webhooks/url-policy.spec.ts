import { checkWebhookUrl } from './url-policy';

const resolver = (table: Record<string, string[]>) => async (host: string) => table[host] ?? [];

describe('R22 webhook URL policy', () => {
  it('R22: only http(s) URLs', async () => {
    await expect(checkWebhookUrl('ftp://example.com/x', false)).rejects.toThrow('http or https');
    await expect(checkWebhookUrl('not a url', false)).rejects.toThrow('absolute');
    await expect(checkWebhookUrl('http://127.0.0.1:9/hook', false)).resolves.toBeUndefined();
  });

  it('R22: in production, loopback, private and link-local targets are refused, by literal or by any resolved address', async () => {
    const dns = resolver({ 'public.example': ['93.184.216.34'], 'sneaky.example': ['93.184.216.34', '10.0.0.5'], 'v6.example': ['fe80::1'] });
    for (const url of ['http://127.0.0.1/h', 'http://[::1]/h', 'http://192.168.1.2/h', 'http://169.254.169.254/latest', 'http://sneaky.example/h', 'https://v6.example/h', 'http://[::ffff:10.0.0.1]/h']) {
      await expect(checkWebhookUrl(url, true, dns)).rejects.toThrow('WEBHOOK_ALLOW_PRIVATE_URLS');
    }
    await expect(checkWebhookUrl('https://public.example/h', true, dns)).resolves.toBeUndefined();
    await expect(checkWebhookUrl('https://nowhere.example/h', true, dns)).rejects.toThrow('does not resolve');
  });
});
