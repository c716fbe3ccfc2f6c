// How every browser run here launches Chromium: the one `npm test`'s pretest step found or installed
// (test/support/provide-browser.ts), headless, with nothing running in the background.
import { findChromium } from './find-chromium.ts';

export const chromiumLaunchOptions = {
  executablePath: findChromium(),
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
};
