import { describe, expect, it, vi } from 'vitest';

// The i18n module marks the page's language on load; these tests run without a page.
vi.stubGlobal('document', { documentElement: { lang: 'en' } });
const { formatInZone } = await import('./format');
const { default: i18n } = await import('../i18n');

describe('a moment in a time zone', () => {
  it('shows a schedule fire time on the clock where it fires, in the UI language', async () => {
    await i18n.changeLanguage('en');
    // 06:00 UTC is 09:00 in Moscow and 08:00 in Jerusalem (winter).
    expect(formatInZone('2031-01-22T06:00:00.000Z', 'Europe/Moscow')).toMatch(/Wed.*22.*2031.*09:00/);
    expect(formatInZone('2031-01-22T06:00:00.000Z', 'Asia/Jerusalem')).toMatch(/08:00/);
    await i18n.changeLanguage('ru');
    expect(formatInZone('2031-01-22T06:00:00.000Z', 'Europe/Moscow')).toMatch(/ср.*22.*янв.*09:00/);
  });
});
