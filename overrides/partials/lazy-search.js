(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var held = [];
  var wanted = false;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.stepsizeIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.stepsizeIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };
  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) {
      send.apply(request[0], request[1]);
    });
  }
  function inSearch(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, label[for=__search]")) want();
  }
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", want);
  document.addEventListener("focusin", inSearch);
  document.addEventListener("pointerover", inSearch);
  document.addEventListener("touchstart", inSearch, { passive: true });
})();
