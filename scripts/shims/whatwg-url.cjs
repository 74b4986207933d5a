// node-fetch 2 (grammY's HTTP client on Node) takes `require("url").URL || whatwgUrl.URL`: Node always has the
// first, so the whatwg-url package (and its 300 KB Unicode table) would only be parsed and run at start for nothing.
module.exports = { URL, URLSearchParams };
