"""The "your area" box's style and script (:func:`analysis.pages.area.search_box` embeds both).

The script's search is :mod:`analysis.data.geography.names` written again in JavaScript, step for step
(``key`` is ``search_key``, ``find`` is ``find``, ``ratio`` is :class:`difflib.SequenceMatcher`'s ratio
and ``closeMatches`` is :func:`difflib.get_close_matches`); the browser test holds the two to the same
answers. The element ``#lu-area`` exposes ``luFind`` and ``luKey`` for that test.
"""

STYLE = ("#lu-area .lu-series th, #lu-area .lu-series td { overflow-wrap: normal; }"
         " #lu-area .lu-series td:first-child { white-space: nowrap; }"
         " #lu-area details summary { cursor: pointer; }"
         " #lu-area details.lu-area-part summary > p { display: inline; }"
         " #lu-area details.lu-area-part, #lu-area details.lu-area-more { margin: 0.6em 0; }"
         " #lu-area .lu-area-h { font-weight: 700; margin: 1em 0 0.3em; }"
         " #lu-area .lu-area-latest { border-left: 4px solid #0072B2; padding: 0.1em 0 0.1em 0.8em; margin: 0.6em 0; }"
         " #lu-area .lu-area-latest ul { margin: 0.3em 0; }"
         " #lu-area .lu-area-small { display: block; color: #555; font-size: 0.85em; font-weight: normal; }"
         " #lu-area .lu-area-note { font-style: italic; }"
         " #lu-area table.lu-area-figs td { overflow-wrap: break-word; }"
         " #lu-area table.lu-area-figs tbody th { font-weight: normal; overflow-wrap: break-word; }"
         " #lu-area .lu-area-value { white-space: nowrap; }"
         " #lu-area .lu-area-choices li.lu-area-made { align-self: center; color: #555; }")

SCRIPT = r"""
(function () {
  const root = document.getElementById("lu-area");
  const data = JSON.parse(document.getElementById("lu-area-data").textContent);
  const col = Object.fromEntries(data.columns.map((c, i) => [c, i]));
  const rows = data.rows, S = data.series, names = data.names;
  const esc = s => String(s).replace(/[&<>"]/g, ch => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[ch]);
  const num = (v, d) => Number(v).toLocaleString("en-GB", {minimumFractionDigits: d, maximumFractionDigits: d});
  const cap = s => s.charAt(0).toUpperCase() + s.slice(1);

  // ---- the search: analysis.data.geography.names, step for step
  const STYLE = "(?:city|county|royal borough|london borough|borough|metropolitan borough|district) of";
  const LEADING = new RegExp("^" + STYLE + " "), TRAILING = new RegExp(" " + STYLE + "$");
  const COUNCIL = / (?:(?:city|county|borough|metropolitan borough|district) )?council$/;
  function key(s) {
    s = String(s === null || s === undefined ? "" : s).toLowerCase().replace(/['\u2019\u2018`]/g, "")
      .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim().replace(/\bsaint\b/g, "st").replace(COUNCIL, "");
    if (!data.keep.includes(s)) s = s.replace(TRAILING, "").replace(LEADING, "");
    return s;
  }
  function ratio(a, b) {  // difflib.SequenceMatcher(None, a, b).ratio(): no junk, b shorter than 200
    const b2j = {};
    for (let j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
    let matches = 0;
    const queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      let besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (let i = alo; i < ahi; i++) {
        const next = {};
        for (const j of (b2j[a[i]] || [])) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = next[j] = (j2len[j - 1] || 0) + 1;
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      if (bestsize) {
        matches += bestsize;
        if (alo < besti && blo < bestj) queue.push([alo, besti, blo, bestj]);
        if (besti + bestsize < ahi && bestj + bestsize < bhi) queue.push([besti + bestsize, ahi, bestj + bestsize, bhi]);
      }
    }
    return a.length + b.length ? 2 * matches / (a.length + b.length) : 1;
  }
  function closeMatches(word, possibilities, n, cutoff) {  // difflib.get_close_matches
    const scored = possibilities.map(x => [ratio(x, word), x]).filter(p => p[0] >= cutoff);
    scored.sort((p, q) => q[0] - p[0] || (p[1] < q[1] ? 1 : p[1] > q[1] ? -1 : 0));
    return scored.slice(0, n).map(p => p[1]);
  }
  function targets(list) {
    const seen = new Set(), out = [];
    for (const n of list) { const t = n[2] + "|" + n[3]; if (!seen.has(t)) { seen.add(t); out.push([n[2], n[3]]); } }
    return out;
  }
  function best(list) {
    const m = Math.min(...list.map(n => data.kinds.indexOf(n[2])));
    return list.filter(n => data.kinds.indexOf(n[2]) === m);
  }
  function find(query) {
    const q = key(query).slice(0, data.max_query).trim();
    if (!q) return {how: "empty", targets: []};
    const exact = names.filter(n => n[0] === q);
    if (exact.length) return {how: "exact", targets: targets(best(exact))};
    const re = new RegExp("(?:^| )" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const words = names.filter(n => re.test(n[0]));
    if (words.length) return {how: "words", targets: targets(words)};
    const near = closeMatches(q, [...new Set(names.map(n => n[0]))], 3, 0.6);
    const found = targets(near.flatMap(k => best(names.filter(n => n[0] === k))));
    return found.length ? {how: "suggest", targets: found} : {how: "none", targets: []};
  }
  function members(kind, ref) {
    if (kind === "la" || kind === "former") return rows.filter(r => r[col.code] === entry(kind, ref)[5]);
    if (kind === "la23") return rows.filter(r => r[col.code_2023] === ref);
    if (kind === "county") return rows.filter(r => r[col.county_code] === ref);
    if (kind === "abolished") return rows.filter(r => data.abolished[ref].includes(r[col.code_2023]));
    if (kind === "region") return rows.filter(r => r[col.region] === ref);
    return [];
  }
  const entry = (kind, ref) => names.find(n => n[2] === kind && n[3] === ref) || [ref, ref, kind, ref, "", ""];

  // ---- what the box shows
  function money(v) {
    if (v === 0) return "£0";
    return "£" + (v >= 1 ? num(v, 1) : Number(v.toPrecision(2)).toLocaleString("en-GB", {maximumFractionDigits: 3})) + "m";
  }
  function value(f, v) {
    if (v === null || v === undefined) return "no value";
    if (typeof v === "string") return esc(v);
    if (f.unit === "£m") return money(v);
    if (f.unit === "£") return "£" + num(v, f.decimals);
    if (f.unit === "%") return num(v, f.decimals) + "%";
    if (f.unit === "rank") return `${num(v, 0)} of ${f.count}`;
    return num(v, f.decimals) + (f.unit ? " " + esc(f.unit) : "");
  }
  function rankText(f, r) {
    const v = r[col[f.column]];
    if (v === null) return "";
    if (f.zero && v === 0) return `one of ${f.zero_count} with ${esc(f.zero)}`;
    if (f.rank && r[col[f.rank]] !== null) return `rank ${r[col[f.rank]]} of ${f.count} ${esc(f.among)} (${esc(f.rank_meaning)})`;
    return esc(f.rank_meaning);
  }
  function figureTable(r, list) {
    return '<div class="lu-area-table"><table class="lu-area-figs"><colgroup><col style="width: 44%"><col style="width: 22%">' +
      '<col style="width: 34%"></colgroup><thead><tr><th>figure</th><th>value</th><th>rank</th></tr></thead><tbody>' + list.map(f => {
        const v = r[col[f.column]], detail = f.detail && r[col[f.detail]];
        return `<tr><th scope="row"><a href="${f.page}">${esc(f.label)}</a>` +
          (f.note ? `<span class="lu-area-small">${esc(f.note)}</span>` : "") + "</th>" +
          `<td data-col="${f.column}" data-value="${v === null ? "" : v}"><span class="lu-area-value">${value(f, v)}</span>` +
          (detail ? `<span class="lu-area-small">${esc(detail)}</span>` : "") + `</td><td>${rankText(f, r)}</td></tr>`;
      }).join("") + "</tbody></table></div>";
  }
  function figures(r) {
    const main = data.fields.filter(f => !f.more), more = data.fields.filter(f => f.more);
    return '<p class="lu-area-h">The compendium\'s other figures, latest first</p>' + figureTable(r, main) +
      (more.length ? `<details class="lu-area-more"><summary>${more.length} more figures</summary>${figureTable(r, more)}</details>` : "");
  }
  function hle(r, inGroup) {
    const code = r[col.series_code], s = code && S.areas[code], how = r[col.series_match];
    let h = `<div class="lu-area-latest"><p class="lu-area-h">Healthy life expectancy at birth, ${esc(S.latest)}</p>`;
    if (!s) return h + `<p>ONS publishes no estimate for ${esc(r[col.name])}: too few people live there.</p></div>`;
    if (how === "county") h += `<p>These are the figures of ${esc(s.name)}: ONS publishes them for the county, not for its districts.</p>`;
    if (how === "2023 unitary") h += `<p>These are the figures of ${esc(s.name)}, the unitary authority ` +
      `${inGroup ? "these areas have" : "it has"} been part of since April ${r[col.merged_in]}.</p>`;
    const last = S.periods.length - 1;
    h += "<ul>" + ["male", "female"].map(sex => {
      const x = (s[sex] || [])[last], e = (S.england[sex] || [])[last];
      if (!x) return `<li>${cap(S.people[sex])}: no estimate</li>`;
      return `<li><strong>${cap(S.people[sex])}: ${num(x[0], 1)} years</strong> (95% interval ${num(x[1], 1)} to ` +
        `${num(x[2], 1)})` + (s.rank[sex] ? `; rank ${s.rank[sex]} of the ${S.n[sex]} areas, where 1 is the lowest` : "") +
        (e ? `; England ${num(e[0], 1)}` : "") + ".</li>";
    }).join("") + "</ul>";
    const cell = (sex, i) => { const x = (s[sex] || [])[i]; return x ? `${num(x[0], 1)} <span class="lu-unit">(${num(x[1], 1)} to ${num(x[2], 1)})</span>` : "-"; };
    return h + `<p class="lu-area-small">The years a baby born in these years could expect to live in good health, ` +
      `with the range that holds the true value with 95% confidence. Source: ${esc(S.source)}; explained on ` +
      `<a href="${S.page}">${esc(S.page_title)}</a>.</p>` +
      `<details class="lu-area-more"><summary>Every period since ${esc(S.periods[0])}</summary>` +
      '<div class="lu-area-table"><table class="lu-series"><thead><tr><th>period</th><th>men, years</th><th>women, years</th>' +
      "</tr></thead><tbody>" + S.periods.map((p, i) => `<tr><td>${esc(p)}</td><td>${cell("male", i)}</td><td>${cell("female", i)}</td></tr>`).join("") +
      "</tbody></table></div></details></div>";
  }
  function heading(r, inGroup) {
    const bits = [];
    if (r[col.county]) bits.push(`a district of ${esc(r[col.county_name])}`);
    if (r[col.merged_in] !== null && !inGroup) bits.push(`part of ${esc(r[col.name_2023])} since April ${r[col.merged_in]}`);
    bits.push(`region: ${esc(r[col.region])}`);
    return `<p class="lu-area-name"><strong>${esc(r[col.name])}</strong> (${bits.join("; ")})</p>`;
  }
  const note = (kind, ref) => `<p class="lu-area-note">${esc(entry(kind, ref)[4])}</p>`;
  const card = (r, pre) => `<div class="lu-area-card">${pre || ""}${heading(r)}${hle(r)}${figures(r)}</div>`;
  function choices(list, limit, madeOf) {  // buttons; madeOf: the buttons of what the first is made of, on its line
    const shown = list.slice(0, limit || list.length);
    const what = {la23: "unitary authority", former: "former name", county: "county", abolished: "former county",
                  region: "region", outside: "outside England"};
    return '<ul class="lu-area-choices">' + shown.map(([kind, ref]) => `<li><button type="button" data-kind="${kind}" ` +
      `data-ref="${esc(ref)}">${esc(entry(kind, ref)[1])}` + (what[kind] ? ` <span class="lu-unit">(${what[kind]})</span>` : "") +
      "</button></li>").join("") +
      (madeOf ? '<li class="lu-area-made">made of</li>' + madeOf.replace(/^<ul class="lu-area-choices">|<\/ul>$/g, "") : "") +
      "</ul>";
  }
  const las = rs => rs.map(r => ["la", r[col.code]]);
  function show(kind, ref) {
    if (kind === "la") return card(members(kind, ref)[0]);
    if (kind === "former") return card(members(kind, ref)[0], note(kind, ref));
    if (kind === "outside") return note(kind, ref);
    const rs = members(kind, ref);
    if (kind === "la23") return `<div class="lu-area-card">${note(kind, ref)}${hle(rs[0], true)}` +
      '<p class="lu-area-h">The compendium\'s other figures, for each local authority of 2019</p>' +
      rs.map(r => `<details class="lu-area-part"><summary>${heading(r, true)}</summary>${figures(r)}</details>`).join("") + "</div>";
    if (kind === "county") return `<div class="lu-area-card">${note(kind, ref)}${hle(rs[0])}` +
      `<p>Choose a district for its own figures:</p>${choices(las(rs))}</div>`;
    if (kind === "abolished") return `<div class="lu-area-card">${note(kind, ref)}` + data.abolished[ref].map(u =>
      choices([["la23", u]], 0, choices(las(members("la23", u))))).join("") + "</div>";
    return `${note(kind, ref)}<p>Choose one:</p>${choices(las(rs))}`;  // a region
  }
  function answer(q) {
    const found = find(q), t = found.targets;
    if (found.how === "empty") return "";
    if (found.how === "none") return `<p>No English local authority, county or region called "${esc(q)}" is known here, ` +
      "nor any name close to it.</p>";
    if (found.how === "suggest") return `<p>No place called "${esc(q)}" is known here. Did you mean:</p>${choices(t)}`;
    const lad = new Set(t.map(([kind, ref]) => entry(kind, ref)[5] || kind + ref));
    if (t.length === 1) return show(...t[0]);
    if (lad.size === 1) return show("la", [...lad][0]);
    const limit = 40;
    return `<p>${t.length} places match${t.length > limit ? ` (the first ${limit} shown; type more of the name)` : ""}; ` +
      `choose one:</p>${choices(t, limit)}`;
  }
  const input = root.querySelector("input"), out = root.querySelector("#lu-area-out");
  out.addEventListener("click", e => {
    const b = e.target.closest("button[data-kind]");
    if (b) out.innerHTML = show(b.dataset.kind, b.dataset.ref);
  });
  input.addEventListener("input", () => { out.innerHTML = answer(input.value); });
  root.luFind = find;
  root.luKey = key;
})();
"""
