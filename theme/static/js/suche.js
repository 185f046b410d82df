// Starts Pagefind's search interface (German, from <html lang="de">), labels its search field
// and runs the query that the search field in the header sent as ?q=.
(function () {
  "use strict";
  var container = document.getElementById("suche");
  // Merged bundles need absolute paths, and the site's root as the base of their result URLs.
  function absolute(path) { return new URL(path, document.baseURI).pathname; }
  var bundles = container.dataset.bundles.split(" ").filter(Boolean);
  var search = new PagefindUI({
    element: "#suche",
    showSubResults: true,
    showImages: false,
    autofocus: true,
    mergeIndex: bundles.map(function (path) {
      return { bundlePath: absolute(path), baseUrl: absolute(container.dataset.root || "./") };
    })
  });
  var input = container.querySelector(".pagefind-ui__search-input");
  if (input) {
    var label = document.createElement("label");
    input.id = "suchfeld";
    label.htmlFor = input.id;
    label.className = "search-label";
    label.textContent = container.dataset.label;
    container.parentNode.insertBefore(label, container);
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    search.triggerSearch(query);
  }
})();
