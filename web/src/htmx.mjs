// htmx 2.0.x in its CSP-safe configuration, loaded only by pages that use hx-* attributes (the page
// sets `uses_htmx`). Every hx-* element is also a plain link or form, so the page works without it.
//   allowEval: false          no eval()/new Function(): hx-on and js: expressions are disabled
//   allowScriptTags: false     scripts in swapped content are not run
//   includeIndicatorStyles     off: htmx would inject a <style> element, which style-src 'self' blocks
//   selfRequestsOnly: true     requests only to this origin
//   historyCacheSize: 0        no page snapshots in localStorage (pages may hold personal data)
import htmx from "htmx.org";

Object.assign(htmx.config, {
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
});
