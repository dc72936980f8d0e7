/*
 * Loader for Material's search worker (see overrides/main.html). The page
 * starts this small worker; Material's own worker, named in the query string,
 * is fetched only when the first message arrives. That message is the search
 * index, which the page sends once a reader turns to search. The message is
 * then handed to the real worker's listener, and later messages go to it
 * directly.
 */
var NAME = /^search\.[0-9a-f]+\.min\.js$/;

function first(event) {
  removeEventListener("message", first);
  var worker = decodeURIComponent(location.search.slice(1));
  if (!NAME.test(worker)) throw new Error("search-lazy.js: bad worker name " + worker);
  importScripts(worker);
  dispatchEvent(new MessageEvent("message", { data: event.data }));
}

addEventListener("message", first);
