// Progressive enhancement for every page. Each page works without this file: it only adds the
// GOV.UK Frontend behaviours (error summary focus, conditional reveals, the mobile menu toggle, the
// skip link's focus handling, and the double-click guard on buttons). No inline script is needed, so
// the Content-Security-Policy stays `script-src 'self'`.
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
  isSupported,
} from "govuk-frontend";

// GOV.UK Frontend's own snippet adds these classes from an inline script; a module script runs only
// in browsers with ES module support, which is what `govuk-frontend-supported` means.
const body = document.body;
body.classList.add("js-enabled", "govuk-frontend-supported");
if (isSupported()) {
  for (const Component of [Button, Checkboxes, ErrorSummary, NotificationBanner, Radios, ServiceNavigation, SkipLink]) {
    createAll(Component);
  }
}
import "./board.mjs";
import "./ioc.mjs";
