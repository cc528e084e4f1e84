/* Zorgportaal – daily time registration: progressive enhancement of a page that works without it.
   Adds: cluster filter and word search for the activity list, one-click recent activities,
   Enter to save from a select, inline delete confirmation, Esc to close an edit, keyboard shortcuts
   (announced on the page), and the date picker jumping on change. No inline scripts (CSP). */
(function () {
  "use strict";

  var root = document.getElementById("reg-day");
  if (!root) { return; }

  function normalise(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function isTyping(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (target && target.isContentEditable);
  }

  function submit(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  /* --- Cluster filter and search on the activity list ------------------------------------ */
  var form = document.getElementById("entry-form");
  var activity = document.getElementById("id_activity");
  var clusterSelect = document.getElementById("cluster-select");
  var search = document.getElementById("activity-search");
  var status = document.getElementById("activity-search-status");
  var catalogue = [];

  if (form && activity) {
    Array.prototype.forEach.call(form.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
    Array.prototype.forEach.call(activity.querySelectorAll("optgroup"), function (group) {
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        catalogue.push({
          value: option.value,
          label: option.textContent,
          cluster: group.getAttribute("data-cluster"),
          clusterLabel: group.label,
          words: normalise(option.textContent + " " + group.label)
        });
      });
    });
    var placeholder = activity.querySelector("option[value='']");
    var placeholderText = placeholder ? placeholder.textContent : "";

    var render = function (items, grouped, keepValue) {
      var current = keepValue || activity.value;
      activity.innerHTML = "";
      var empty = document.createElement("option");
      empty.value = "";
      empty.textContent = placeholderText;
      activity.appendChild(empty);
      var groups = {};
      items.forEach(function (item) {
        var parent = activity;
        if (grouped) {
          if (!groups[item.cluster]) {
            groups[item.cluster] = document.createElement("optgroup");
            groups[item.cluster].label = item.clusterLabel;
            groups[item.cluster].setAttribute("data-cluster", item.cluster);
            activity.appendChild(groups[item.cluster]);
          }
          parent = groups[item.cluster];
        }
        var option = document.createElement("option");
        option.value = item.value;
        option.textContent = item.label;
        if (item.value === current) { option.selected = true; }
        parent.appendChild(option);
      });
    };

    var byValue = function (value) {
      for (var i = 0; i < catalogue.length; i++) { if (catalogue[i].value === value) { return catalogue[i]; } }
      return null;
    };

    var showCluster = function (clusterId, keepValue) {
      clusterSelect.value = clusterId || "";
      if (clusterId) {
        render(catalogue.filter(function (item) { return item.cluster === clusterId; }), false, keepValue);
      } else {
        render(catalogue, true, keepValue);
      }
    };

    var chooseActivity = function (value) {
      var item = byValue(value);
      if (!item) { return; }
      if (search) { search.value = ""; }
      showCluster(item.cluster, value);
      activity.value = value;
      if (status) { status.textContent = ""; }
    };

    // A cluster already chosen (after an error, or ?activiteit=) keeps its activity.
    if (activity.value) { chooseActivity(activity.value); }

    clusterSelect.addEventListener("change", function () {
      if (search) { search.value = ""; }
      if (status) { status.textContent = ""; }
      showCluster(clusterSelect.value);
    });

    if (search) {
      var matches = [];
      search.addEventListener("input", function () {
        var words = normalise(search.value).split(/\s+/).filter(Boolean);
        if (!words.length) {
          status.textContent = "";
          showCluster(clusterSelect.value);
          return;
        }
        matches = catalogue.filter(function (item) {
          return words.every(function (word) { return item.words.indexOf(word) !== -1; });
        });
        clusterSelect.value = "";
        render(matches, true, matches.length ? matches[0].value : "");
        if (matches.length) { activity.value = matches[0].value; }
        var template = matches.length === 1 ? search.getAttribute("data-one") : search.getAttribute("data-many");
        status.textContent = matches.length
          ? (template || "%s").replace("%s", matches.length) + " " + matches[0].label + " (" + matches[0].clusterLabel + ")"
          : (search.getAttribute("data-none") || "");
      });
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          if (matches.length) {
            chooseActivity(matches[0].value);
            document.getElementById("id_hours").focus();
          }
        } else if (event.key === "ArrowDown") {
          event.preventDefault();
          activity.focus();
        } else if (event.key === "Escape") {
          search.value = "";
          status.textContent = "";
          showCluster("");
        }
      });
    }

    // Recent activities: one click picks the activity and puts the cursor on the hours.
    Array.prototype.forEach.call(document.querySelectorAll(".chip[data-activity]"), function (chip) {
      chip.addEventListener("click", function (event) {
        event.preventDefault();
        chooseActivity(chip.getAttribute("data-activity"));
        document.getElementById("id_hours").focus();
      });
    });
  }

  /* --- Enter saves from a select (browsers only submit from text inputs) ----------------- */
  Array.prototype.forEach.call(document.querySelectorAll("form.js-enter-submits"), function (f) {
    f.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "Enter" && target.tagName === "SELECT" && !event.altKey) {
        event.preventDefault();
        submit(f);
      }
    });
  });

  /* --- Edit in place: focus the hours when opened, Esc closes ------------------------------ */
  Array.prototype.forEach.call(document.querySelectorAll("details.entry-edit"), function (details) {
    details.addEventListener("toggle", function () {
      if (details.open) {
        var first = details.querySelector("select");
        if (first) { first.focus(); }
      }
    });
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  });

  /* --- Delete: ask inline instead of on a separate page ------------------------------------ */
  Array.prototype.forEach.call(document.querySelectorAll("form.js-confirm-delete"), function (f) {
    var ask = f.querySelector(".js-delete-ask");
    var confirmBox = f.querySelector(".delete-confirm");
    var yes = f.querySelector(".js-delete-yes");
    var no = f.querySelector(".js-delete-no");
    ask.addEventListener("click", function (event) {
      event.preventDefault();
      ask.hidden = true;
      confirmBox.hidden = false;
      yes.focus();
    });
    no.addEventListener("click", function () {
      confirmBox.hidden = true;
      ask.hidden = false;
      ask.focus();
    });
    f.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !confirmBox.hidden) { no.click(); }
    });
  });

  /* --- The date picker jumps as soon as a date is chosen ----------------------------------- */
  var jump = document.getElementById("date-jump");
  if (jump) {
    jump.addEventListener("change", function () {
      if (jump.value && jump.checkValidity()) { submit(jump.form); }
    });
  }

  /* --- Keyboard shortcuts (announced in the "Sneltoetsen" section) -------------------------- */
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (isTyping(event.target) || (event.target && event.target.tagName === "SUMMARY" && event.key === " ")) { return; }
    var go = function (url) { if (url) { window.location.href = url; } };
    switch (event.key) {
      case "ArrowLeft":
        event.preventDefault();
        go(root.getAttribute("data-prev-url"));
        break;
      case "ArrowRight":
        event.preventDefault();
        go(root.getAttribute("data-next-url"));
        break;
      case "t":
      case "T":
        go(root.getAttribute("data-today-url"));
        break;
      case "n":
      case "N":
        if (clusterSelect) { event.preventDefault(); clusterSelect.focus(); }
        break;
      case "/":
        if (search) { event.preventDefault(); search.focus(); }
        break;
      case "k":
      case "K":
        var copy = document.getElementById("copy-button");
        if (copy) { event.preventDefault(); copy.focus(); }
        break;
      case "?":
        var keys = document.getElementById("sneltoetsen");
        if (keys) { event.preventDefault(); keys.focus(); keys.scrollIntoView(); }
        break;
      default:
        break;
    }
  });

  /* --- After saving, the cursor is back in the form for the next entry --------------------- */
  // (After the browser has handled the #nieuw fragment, so it does not take the focus back.)
  window.setTimeout(function () {
    var summary = document.querySelector(".new-entry .error-summary");
    if (summary) {
      summary.focus();
    } else if (window.location.hash === "#nieuw" && clusterSelect) {
      clusterSelect.focus();
    }
  }, 0);
}());
