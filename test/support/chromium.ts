// How every browser run here launches Chromium: Debian's binary (Playwright cannot download its
// own browsers on these machines), headless, with nothing running in the background.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
};
