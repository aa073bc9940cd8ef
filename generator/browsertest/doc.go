// Package browsertest holds the tests that open the built reference site in
// headless Chromium: axe-core's WCAG 2.2 AA checks, landmarks, the skip link
// and reflow at 320 px for one page of every layout, and screenshots on
// request (TSCIP_SCREENSHOTS=dir).
//
// They skip when Chromium or node_modules/axe-core is missing, and fail
// instead when CI is set, so a broken install cannot pass silently. Chromium
// is /usr/lib/chromium/chromium or $CHROME_PATH; axe-core comes from
// `npm ci --ignore-scripts` at the repository root.
package browsertest
