// zhengce serve: one page over the JSON API. Every piece of document text reaches the DOM as a
// text node (el() and marked() below); no HTML string is ever parsed.
"use strict";

const main = document.getElementById("main");
const enc = new TextEncoder();
const dec = new TextDecoder();

// An element with attributes and children; strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === "style") for (const [k, v] of Object.entries(value)) node.style.setProperty(k, v);
    else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

// `text` with the byte ranges `ranges` (UTF-8, as the API gives them) inside <mark class=cls>.
function marked(text, ranges, cls) {
  const bytes = enc.encode(text);
  const sorted = (ranges || []).map(r => [r[0], r[1], r[2] || cls]).filter(r => r[0] < r[1] && r[1] <= bytes.length).sort((a, b) => a[0] - b[0]);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [s, e, c] of sorted) {
    if (s < at) continue;
    if (s > at) frag.append(dec.decode(bytes.slice(at, s)));
    frag.append(el("mark", { class: c }, dec.decode(bytes.slice(s, e))));
    at = e;
  }
  if (at < bytes.length) frag.append(dec.decode(bytes.slice(at)));
  return frag;
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || String(response.status));
  return body;
}

function state() { return Object.fromEntries(new URLSearchParams(location.search)); }

// Moves to the view the parameters describe, as a new history entry.
function go(params) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const query = new URLSearchParams(clean).toString();
  history.pushState(null, "", query ? "/?" + query : "/");
  render();
}

function link(label, params, attrs) {
  const href = "/?" + new URLSearchParams(params).toString();
  return el("a", Object.assign({ href, on: { click: e => { if (e.button === 0 && !e.metaKey && !e.ctrlKey) { e.preventDefault(); go(params); } } } }, attrs || {}), label);
}

function showError(error) {
  main.replaceChildren(el("p", { class: "error", role: "alert" }, "出错：", String(error.message || error)));
}

// A text input that submits on Enter but never while an input method is still composing.
function queryInput(attrs) {
  const input = el("input", Object.assign({ type: "search", autocomplete: "off" }, attrs));
  input.addEventListener("compositionstart", () => { input.dataset.composing = "1"; });
  input.addEventListener("compositionend", () => { delete input.dataset.composing; });
  return input;
}
function composing(input, event) { return input.dataset.composing === "1" || (event && event.isComposing); }

async function copyButton(label, locator, field) {
  const button = el("button", { type: "button", class: "copy", data: { locator, format: field } }, label);
  const note = el("span", { class: "copied", "aria-live": "polite" });
  button.addEventListener("click", async () => {
    try {
      const cited = await api("/api/cite/" + encodeURIComponent(locator));
      const text = cited[field];
      button.dataset.citation = text;
      try { await navigator.clipboard.writeText(text); note.textContent = "已复制"; }
      catch (_) { note.textContent = "已生成（剪贴板不可用）"; }
    } catch (error) { note.textContent = String(error.message); }
  });
  return [button, note];
}

const FILTERS = [["topic", "主题"], ["year", "年份"], ["type", "类型"], ["region", "地区"], ["doc", "文件"]];

async function renderSearch(s) {
  const input = queryInput({ name: "q", value: s.q || "", placeholder: "输入检索词，如 交叉任职", "aria-label": "检索词" });
  const form = el("form", { class: "bar", role: "search" }, input, el("button", { type: "submit" }, "检索"),
    el("button", { type: "button", "aria-expanded": "false", on: { click: e => { const open = syntax.hidden; syntax.hidden = !open; e.target.setAttribute("aria-expanded", String(open)); } } }, "语法"));
  form.addEventListener("submit", e => {
    e.preventDefault();
    if (composing(input, e)) return;
    go(Object.assign({}, s, { view: undefined, q: input.value.trim(), offset: undefined }));
  });
  const syntax = el("div", { class: "syntax", hidden: "" },
    el("p", {}, "词语之间为“或”，越多命中越靠前；", el("code", {}, "\"完整短语\""), " 精确短语；", el("code", {}, "+必须"), " 必须出现；", el("code", {}, "-排除"), " 不得出现。左侧分面可按主题、年份、类型、地区筛选。"));
  main.replaceChildren(form, syntax);
  input.focus();
  const active = FILTERS.filter(([k]) => s[k]);
  if (!s.q && !s.topic) {
    main.append(el("p", { class: "count-line" }, "输入检索词，或选择一个主题："));
    const topics = await api("/api/topics");
    main.append(el("ul", { class: "topics" }, topics.hits.map(t => el("li", {}, link(t.label + "（" + t.passages + "）", { topic: t.id })))));
    return;
  }
  const offset = Number(s.offset || 0);
  const data = await api("/api/search", { q: s.q, topic: s.topic, year: s.year, type: s.type, region: s.region, doc: s.doc, sort: s.sort, offset, limit: 10 });
  const chips = el("div", { class: "active", "aria-label": "已选筛选" }, active.map(([k, name]) =>
    el("button", { type: "button", class: "chip", "aria-label": "移除筛选 " + name + " " + s[k], on: { click: () => go(Object.assign({}, s, { [k]: undefined, offset: undefined })) } }, name + "：" + s[k] + " ×")));
  const facets = el("aside", { class: "facets", "aria-label": "分面" });
  const facetList = (title, key, items, label) => {
    if (!items.length) return;
    facets.append(el("h3", {}, title), el("ul", {}, items.slice(0, 12).map(item =>
      el("li", {}, el("button", { type: "button", class: "facet", data: { key, value: item.id || item.value }, on: { click: () => go(Object.assign({}, s, { [key]: item.id || item.value, offset: undefined })) } },
        el("span", {}, label(item)), el("span", { class: "count" }, String(item.count)))))));
  };
  facetList("主题", "topic", data.facets.topics, t => t.label);
  facetList("年份", "year", data.facets.years, v => v.value);
  facetList("类型", "type", data.facets.types, v => v.value);
  facetList("地区", "region", data.facets.regions, v => v.value);
  const results = el("section", { "aria-label": "结果" });
  const shown = data.hits.length;
  results.append(el("p", { class: "count-line", id: "result-count" }, data.total ? "共 " + data.total + " 段匹配，显示第 " + (offset + 1) + "–" + (offset + shown) + " 段" : "没有匹配的段落"));
  for (const hit of data.hits) {
    const cite = await Promise.all([copyButton("复制引用", hit.id, "plain"), copyButton("复制 GB/T 7714", hit.id, "gbt7714")]);
    results.append(el("article", { class: "hit" },
      el("h2", {}, link(hit.title, { view: "doc", id: hit.doc_id, at: hit.line }, { class: "hit-title" })),
      el("div", { class: "where" }, (hit.section || []).join(" › "), hit.section && hit.section.length ? " · " : "", hit.path + ":" + hit.line, hit.date ? " · " + hit.date : ""),
      el("p", {}, marked(hit.text, hit.highlights, "")),
      el("div", { class: "actions" }, cite.flat(), link("相似段落", { view: "similar", id: hit.id }))));
  }
  const pager = el("div", { class: "pager" });
  if (offset > 0) pager.append(link("上一页", Object.assign({}, s, { offset: Math.max(0, offset - 10) })));
  if (offset + shown < data.total) pager.append(link("下一页", Object.assign({}, s, { offset: offset + 10 })));
  results.append(pager);
  main.append(chips, el("div", { class: "layout" }, facets, results));
}

function bars(topics) {
  const ranked = topics.filter(t => t.score > 0).sort((a, b) => b.score - a.score).slice(0, 12);
  const max = ranked.length ? ranked[0].score : 1;
  const ns = "http://www.w3.org/2000/svg";
  const row = 22, labelW = 120, barW = 260;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "bars");
  svg.setAttribute("viewBox", "0 0 " + (labelW + barW + 60) + " " + (ranked.length * row + 4));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "主题分布");
  ranked.forEach((t, i) => {
    const y = i * row + 2;
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "0"); label.setAttribute("y", String(y + 15)); label.textContent = t.label;
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", String(labelW)); rect.setAttribute("y", String(y + 3));
    rect.setAttribute("height", "14"); rect.setAttribute("width", String(Math.max(1, barW * t.score / max)));
    const value = document.createElementNS(ns, "text");
    value.setAttribute("x", String(labelW + barW * t.score / max + 4)); value.setAttribute("y", String(y + 15));
    value.textContent = t.score.toFixed(1);
    svg.append(label, rect, value);
  });
  return svg;
}

async function renderDoc(s) {
  const doc = await api("/api/documents/" + encodeURIComponent(s.id));
  const o = doc.outline;
  const locator = s.at ? s.id + ":" + s.at : s.id;
  const passage = await api("/api/passages/" + encodeURIComponent(locator), { context: 6 });
  const meta = el("dl", { class: "meta-list" });
  for (const [name, value] of [["文件", o.path], ["编号", o.doc_number], ["日期", o.date], ["类型", o.doc_type], ["地区", o.region], ["发文机关", o.issuer], ["段落", String(o.passages)]]) {
    if (value) meta.append(el("dt", {}, name), el("dd", {}, value));
  }
  const outline = el("ul", { class: "outline" }, o.sections.map(sec =>
    el("li", { style: { "padding-left": Math.min(6, sec.depth) + "em" } }, link(sec.label, { view: "doc", id: o.doc_id, at: sec.line }))));
  const text = el("section", { "aria-label": "正文" });
  if (passage.previous) text.append(link("↑ 前文", { view: "doc", id: o.doc_id, at: passage.previous.split(":").pop() }));
  for (const p of passage.paragraphs) {
    text.append(el("div", { class: "para" + (p.target ? " target" : ""), id: "L" + p.line },
      el("span", { class: "ln" }, "L" + p.line), el("p", {}, p.target ? el("mark", {}, p.text) : p.text)));
  }
  if (passage.next) text.append(link("↓ 后文", { view: "doc", id: o.doc_id, at: passage.next.split(":").pop() }));
  const actions = el("div", { class: "actions" });
  if (s.at) {
    const cite = await Promise.all([copyButton("复制引用", passage.id, "plain"), copyButton("复制 GB/T 7714", passage.id, "gbt7714")]);
    actions.append(...cite.flat());
  }
  actions.append(link("相似文件", { view: "similar", id: o.doc_id }), link("与其他文件对比", { view: "compare", docs: o.doc_id }));
  main.replaceChildren(
    el("h1", { class: "doc-title" }, o.title),
    ...(doc.changed ? [el("p", { class: "error" }, "文件在建立索引后已改动，显示的是当前内容。")] : []),
    meta, actions,
    el("div", { class: "doc-grid" },
      el("nav", { "aria-label": "目录" }, el("h2", {}, "目录"), o.sections.length ? outline : el("p", {}, "（无标题结构）"),
        el("h2", {}, "主题分布"), bars(doc.topics)),
      text));
  const target = document.querySelector(".para.target");
  if (target) target.scrollIntoView({ block: "center" });
}

async function renderAsk(s) {
  const input = queryInput({ name: "q", value: s.q || "", placeholder: "提问，如 经开区机关核定了多少编制？", "aria-label": "问题" });
  const form = el("form", { class: "bar" }, input, el("button", { type: "submit" }, "提问"));
  form.addEventListener("submit", e => { e.preventDefault(); if (composing(input, e)) return; go({ view: "ask", q: input.value.trim() }); });
  main.replaceChildren(form);
  input.focus();
  if (!s.q) return;
  const a = await api("/api/ask", { q: s.q });
  const box = el("section", { class: "answer-box" + (a.found ? "" : " noanswer"), id: "answer", "aria-live": "polite" });
  if (a.found) {
    const best = a.passages[0];
    const ranges = (a.evidence_ranges || best.evidence && best.evidence.length ? best.evidence : [best.sentence_span]).map(r => [r[0], r[1], "evidence"]);
    box.append(
      el("div", { class: "answer-text" }, a.passage_answer ? "（见下段原文）" : a.answer),
      el("div", { class: "meta" }, "类型：" + a.answer_type + " · 置信度 " + a.confidence.toFixed(2)),
      el("p", {}, marked(best.text, best.answer_span ? ranges.concat([[best.answer_span[0], best.answer_span[1], "answer"]]).sort((x, y) => x[0] - y[0]) : ranges, "evidence")),
      el("div", { class: "where" }, "—《", link(best.title, { view: "doc", id: best.doc_id, at: best.line }), "》", (best.section || []).join(" › "), "（" + best.path + ":" + best.line + "）"),
      el("div", { class: "actions" }, (await copyButton("复制引用", best.id, "plain"))));
  } else {
    box.append(el("div", { class: "answer-text" }, "没有找到答案"),
      el("p", {}, a.refusal ? "原因：" + a.refusal : "最相关段落的得分 " + a.confidence.toFixed(2) + "，不足以作答。"));
  }
  main.append(box);
  const others = a.found ? a.passages.slice(1) : a.passages;
  if (others.length) {
    main.append(el("h2", {}, a.found ? "其他段落" : "最接近的段落"));
    for (const p of others) main.append(el("article", { class: "hit" },
      el("h3", {}, link(p.title, { view: "doc", id: p.doc_id, at: p.line })),
      el("div", { class: "where" }, p.path + ":" + p.line), el("p", {}, p.text)));
  }
}

async function renderCompare(s) {
  const chosen = (s.docs || "").split(",").filter(Boolean);
  const status = await api("/api/status");
  if (chosen.length < 2) {
    main.replaceChildren(el("h1", {}, "对比文件"), el("p", {}, "选择两个或更多文件（共 " + status.documents + " 个）："));
    const filter = queryInput({ placeholder: "按标题筛选", "aria-label": "按标题筛选文件" });
    const picker = el("div", { class: "picker", role: "group", "aria-label": "文件" });
    const draw = async () => {
      const found = await api("/api/search", { q: filter.value || "", topic: filter.value ? undefined : "staffing", docs: 1, limit: 50 }).catch(() => ({ hits: [] }));
      picker.replaceChildren(...found.hits.map(h => el("label", {}, el("input", { type: "checkbox", value: h.doc_id, checked: chosen.includes(h.doc_id) ? "" : null }), " ", h.title)));
    };
    filter.addEventListener("keydown", e => { if (e.key === "Enter" && !composing(filter, e)) { e.preventDefault(); draw(); } });
    const submit = el("button", { type: "button", on: { click: () => {
      const ids = chosen.concat([...picker.querySelectorAll("input:checked")].map(i => i.value).filter(v => !chosen.includes(v)));
      go({ view: "compare", docs: ids.join(","), topic: s.topic });
    } } }, "对比");
    main.append(el("div", { class: "bar" }, filter), picker, submit);
    await draw();
    return;
  }
  const c = await api("/api/compare", { docs: chosen.join(","), topic: s.topic });
  const n = c.documents.length;
  main.replaceChildren(el("h1", {}, "对比"), el("ol", {}, c.documents.map(d => el("li", {}, link(d.title, { view: "doc", id: d.doc_id })))));
  const grid = el("div", { class: "compare-grid" });
  for (const row of c.rows.filter(r => r.documents.some(d => d.passages > 0))) {
    const section = el("section", { class: "compare-row" }, el("h2", {}, row.label + " ", el("small", {}, "(" + row.topic + ")")),
      el("div", { class: "facing", style: { "--n": String(n) } }, row.documents.map((d, i) => el("div", {}, c.documents[i].title, "：", d.passages + " 段（" + d.coverage + "）"))));
    for (const group of row.aligned.slice(0, 3)) {
      section.append(el("div", { class: "facing", style: { "--n": String(n) } }, group.passages.map((p, i) => el("div", {}, p ? marked(p.text, group.focus[i] ? [group.focus[i]] : [], "evidence") : "—"))));
    }
    if (row.facts.length) {
      const table = el("table", { class: "facts" }, el("tr", {}, el("th", {}, "事项"), c.documents.map(d => el("th", {}, d.title))));
      for (const f of row.facts.slice(0, 8)) table.append(el("tr", {}, el("td", {}, f.subject), f.values.map(v => el("td", {}, v.map(x => x.amount).join("、") || "—"))));
      section.append(table);
    }
    grid.append(section);
  }
  main.append(grid);
}

async function renderSimilar(s) {
  const data = await api("/api/similar/" + encodeURIComponent(s.id));
  main.replaceChildren(el("h1", {}, "相似：", data.about));
  for (const hit of data.hits) main.append(el("article", { class: "hit" },
    el("h2", {}, link(hit.title, { view: "doc", id: hit.doc_id, at: hit.line })),
    el("div", { class: "where" }, hit.path + ":" + hit.line + " · " + hit.score.toFixed(2)), el("p", {}, marked(hit.text, hit.highlights, ""))));
}

async function render() {
  const s = state();
  const views = { doc: renderDoc, ask: renderAsk, compare: renderCompare, similar: renderSimilar };
  document.body.dataset.view = s.view || "search";
  try { await (views[s.view] || renderSearch)(s); }
  catch (error) { showError(error); }
  document.body.dataset.ready = String(Date.now());
}

for (const [id, params] of [["home", {}], ["nav-search", {}], ["nav-ask", { view: "ask" }], ["nav-compare", { view: "compare" }]]) {
  document.getElementById(id).addEventListener("click", e => { e.preventDefault(); go(params); });
}
window.addEventListener("popstate", render);
api("/api/status").then(st => { document.getElementById("status").textContent = "索引：" + st.documents + " 个文件，" + st.passages + " 段"; }).catch(() => {});
render();
