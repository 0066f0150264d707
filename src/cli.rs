//! The command line, declared once with clap's derive; each flag documented where it is defined.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// zhengce (政策): index Chinese policy documents and search them, with citations.
#[derive(Debug, Parser)]
#[command(name = "zhengce", version, about, long_about = None)]
pub struct Cli {
    /// The index folder [default: ./index; built from ./corpus on first use].
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files and folders (.txt, .md, .html, .docx, .doc/.wps, .csv/.tsv/.xlsx/.xls/.et,
    /// .pdf with a text layer, .ofd, .zip), incrementally: only new and changed files are read.
    #[command(
        after_help = concat!(
            "Formats (see docs/formats.md):\n",
            "  .txt .md            text (UTF-8, UTF-16 or GBK detected), a line per line\n",
            "  .html .htm          the article without navigation and footer furniture\n",
            "  .docx .doc .wps     paragraphs, a table row per passage, headings from styles,\n",
            "                      footnotes after the body; a .doc that is RTF or HTML read as such\n",
            "  .csv .tsv .xlsx     a row per passage, cells labelled by the header, a sheet per\n",
            "  .xls .et            section, cited by sheet and row; a data export\n",
            "                      (a column of long texts) is one document per row\n",
            "  .pdf                the text layer, cited by page and line\n",
            "  .ofd                the text of its pages in reading order from positions, cited\n",
            "                      by page and line; title, date and 发文字号 where DocInfo states them\n",
            "  .zip                every member of a format above\n",
            "  not read            .rar .7z, encrypted files, scanned pages without text (reported)\n",
            "\nExamples:\n  zhengce index                      # ./corpus into ./index\n  zhengce index ~/policy-docs --index ~/policy-index\n  zhengce index reports/ --dict my-words.txt"
        )
    )]
    Index(IndexArgs),
    /// Search passages (or documents with --docs).
    #[command(
        after_help = "Query syntax:\n  经开区 编制        words, ranked by BM25: all words of a one- or two-word query\n                     must match, at least half of a longer one\n  \"行政审批制度改革\"  an exact phrase\n  +编制 -街道        must / must not\n\nExamples:\n  zhengce search 人员编制\n  zhengce search '\"两张皮\"' --json\n  zhengce search 交叉任职 --docs"
    )]
    Search(SearchArgs),
    /// Show a document's outline, or one passage with context.
    #[command(
        after_help = "DOC is a path or path fragment, a title or title fragment, or the id search prints.\nLOC is a line number or an article (第十二条, 第12条).\n\nExamples:\n  zhengce show 经开区管理体制机制调研报告 --outline\n  zhengce show 行政许可法:第十二条 --context 1"
    )]
    Show(ShowArgs),
    /// Cite a passage: title, section path, paragraph, line and the quoted text.
    #[command(
        after_help = "Examples:\n  zhengce cite 经开区管理体制机制调研报告:20\n  zhengce cite 行政许可法:第12条 --format gbt7714\n  zhengce cite 经开区:20 --sentence 2 --format markdown"
    )]
    Cite(CiteArgs),
    /// Ask a question: the answer, the sentence it comes from, and where it stands.
    #[command(
        after_help = "The answer is a span where the question asks for one (a quantity, a date, an\norganisation or person, a rank such as 正科级, a document number such as\n衡编办〔2019〕37号), the passage itself, labelled so, for how/why questions.\n\nConfidence runs from 0 to 0.99 (never 1). Below the threshold T = 0.47 nothing is\ngiven as the answer. No answer either (exit 1, `answer: null`) when the question\nnames a year or meeting other than the passage's (the figure is shown apart as\n`nearest`), when the figure is not of the measure asked, when a who/how-many/when\nquestion finds no span of its type, or when the article it names does not exist.\nReliability by confidence band: docs/ask.md.\n\nExamples:\n  zhengce ask 经开区机关核定了多少编制?\n  zhengce ask 耒阳经开区是哪一年设立的? --json\n  zhengce ask 园区和街道的关系该怎样理顺? --limit 3\n  zhengce ask 地区生产总值增长的预期目标是多少？ --each --type 政府工作报告 --year 2024\n  zhengce ask 地区生产总值增长的预期目标是多少？ --each --level provincial --format csv -o targets.csv\n\nWith --each, a figure of another year, or an outcome where a target is asked (or the\nreverse), is never the answer: it is shown as `nearest`. Exit 2 when the filters\nselect no document, 0 when any document answers, 1 when none does."
    )]
    Ask(AskArgs),
    /// Measure ask (or search) on a question set: Hit@1, Hit@5, MRR@10, answer accuracy,
    /// precision, refusals.
    #[command(
        after_help = "FILE is JSON Lines: id, question, doc (a string the right path contains), evidence\n(strings one of which the right passage contains), and answer for factoid questions.\nAn answer is right when, NFKC-folded and without whitespace, it holds the gold answer\nwith at most 4 characters more, or is a part of it keeping all its numerals (none:\n60% of it). Prints accuracy (right / gold answers), precision (right / answers given),\nrefusals of questions with no doc and no evidence, and answers by confidence band.\n\nExamples:\n  zhengce eval my-questions.jsonl --index ~/policy-index\n  zhengce eval questions.jsonl --search --json"
    )]
    Eval(EvalArgs),
    /// Show what the index holds: roots, documents, passages, last commit.
    Status(StatusArgs),
    /// List the topics and how many passages carry each, or one document's topic profile.
    #[command(
        after_help = "Examples:\n  zhengce topics\n  zhengce topics --doc 经开区管理体制机制调研报告\n  zhengce topics --topics my-topics.toml --json"
    )]
    Topics(TopicsArgs),
    /// Compare documents topic by topic: each one's passages on a topic side by side, similar
    /// passages facing each other, what only one covers, and numeric facts lined up.
    #[command(after_help = compare_help())]
    Compare(CompareArgs),
    /// Find the passages most similar to a passage (DOC:LOC), or the documents most similar to a
    /// document (DOC), across the index.
    #[command(
        after_help = "LOC is a line number or an article (第十二条, 第12条); a line stands for its whole paragraph.\n\nExamples:\n  zhengce similar 经开区管理体制机制调研报告:32\n  zhengce similar 北京经济技术开发区条例 --limit 5\n  zhengce similar 行政许可法:第12条 --json"
    )]
    Similar(SimilarArgs),
    /// Check a draft's quotations against the documents: each quotation that names a source
    /// (《X》第N条规定：“…”, “…”（《X》）, a footnote, 据《X》…, a bare 发文字号), its verdict and the
    /// true citation.
    #[command(
        after_help = "Verdicts: exact (the text is at the claimed place; width, white space and\ntraditional/simplified differences aside), near (similarity at least 0.90: the\ndifference is shown as [原文→引文]), elsewhere (in the document at another article,\nor in another document), not found (the source is indexed, the text is not: the\nclosest passage is shown), unknown source (no indexed document has that title or\nnumber). Exit 0 when every quotation is exact (or there is none), 1 when any is\nnot, 2 on an error. See docs/verify.md.\n\nExamples:\n  zhengce verify draft.md\n  pbpaste | zhengce verify -\n  zhengce verify draft.txt --json --index ~/policy-index"
    )]
    Verify(VerifyArgs),
    /// Serve the index to an AI assistant: a Model Context Protocol server on standard input and
    /// output (tools search, read, outline, cite, verify; each document as a resource).
    #[command(
        after_help = "A desktop assistant starts it from its configuration, e.g.\n  {\"mcpServers\": {\"zhengce\": {\"command\": \"zhengce\", \"args\": [\"mcp\", \"--index\", \"/path/to/index\"]}}}\nSee docs/mcp.md."
    )]
    Mcp(McpArgs),
    /// Serve the index as a local web page and JSON API (search, documents, ask, compare,
    /// citations), offline, from this binary.
    #[command(
        after_help = "Open the address it prints (http://127.0.0.1:7700/ by default) in a browser.\nThe API is under /api/ (search, ask, topics, documents/ID, passages/ID:LINE,\ncite/ID:LINE, compare, similar/ID[:LINE], status); see docs/serve.md.\n\nExamples:\n  zhengce serve --index ~/policy-index\n  zhengce serve --bind 127.0.0.1:0      # any free port"
    )]
    Serve(ServeArgs),
    /// Print shell completions, or write man pages, generated from this command line.
    #[command(
        after_help = "Install (paths for a user's own account; adjust to your system):\n  zhengce generate completions bash > ~/.local/share/bash-completion/completions/zhengce\n  zhengce generate completions zsh > ~/.zfunc/_zhengce\n  zhengce generate completions fish > ~/.config/fish/completions/zhengce.fish\n  zhengce generate man --out ~/.local/share/man/man1"
    )]
    Generate(GenerateArgs),
}

/// Arguments of `zhengce generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to generate.
    #[command(subcommand)]
    pub what: GenerateWhat,
}

/// What `zhengce generate` writes.
#[derive(Debug, Subcommand)]
pub enum GenerateWhat {
    /// Completions for a shell, on standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Man pages (zhengce.1 and one per command, zhengce-search.1 …) into a folder.
    Man {
        /// The folder to write them to (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// The command line of the extraction child, `zhengce __extract FORMAT`: extract one file read
/// from standard input, as JSON, within memory and CPU limits. `zhengce index` runs it in a
/// child process for HTML, .docx, .doc/.wps, tables, .pdf, .ofd and .zip files. It is parsed apart from [`Cli`] (see
/// [`extract_invocation`]) so that it never shows in help or in "similar subcommands" tips.
#[derive(Debug, Parser)]
#[command(name = "zhengce __extract")]
pub struct ExtractCli {
    /// The arguments.
    #[command(flatten)]
    pub args: ExtractArgs,
}

/// The extraction child's arguments when this process was started as one (its first argument
/// is [`crate::ingest::sandbox::SUBCOMMAND`]); exits with clap's message on bad arguments.
pub fn extract_invocation() -> Option<ExtractArgs> {
    let mut args = std::env::args_os();
    let program = args.next()?;
    let first = args.next()?;
    (first == crate::ingest::sandbox::SUBCOMMAND)
        .then(|| ExtractCli::parse_from(std::iter::once(program).chain(args)).args)
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// Columns side by side, for a 100-column terminal.
    Table,
    /// Markdown tables and lists, to paste into a report.
    Markdown,
    /// JSON Lines, one object per topic row.
    Json,
}

/// Arguments of `zhengce compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The documents to compare, two or more.
    #[arg(value_name = "DOC", num_args = 2.., required = true)]
    pub documents: Vec<String>,

    /// Only this topic (an id, a Chinese label or a unique prefix); repeat for several.
    /// Without it, every topic some passage is mostly about.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,

    /// A topic file that extends or overrides the bundled topics.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    /// How to print the comparison.
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,

    /// Short for --format json.
    #[arg(long)]
    pub json: bool,

    /// Every topic in detail and every passage whole (the default shows 3 topics, their 3 most
    /// similar pairs and 3 passages only one document has, cut at a sentence end).
    #[arg(long)]
    pub all: bool,
}

/// The end of `zhengce compare --help`: how coverage and pairing are decided, and examples.
fn compare_help() -> String {
    format!(
        "DOC is a path or path fragment, a title or title fragment, or the id search prints.\n\n\
         A document covers a topic with {} or more passages on it (the topic dominant in them) or \
         {:.0}% of its passages, and mentions it with fewer. Two passages of different documents \
         pair when the best match of their sentences reaches similarity {:.2}: the cosine of their \
         words weighted by how rare each is in the index and among the compared documents (words \
         that more than a quarter of the compared passages hold count for nothing), sharing at \
         least {} words; each passage pairs once, most similar first.\n\n\
         Examples:\n  zhengce compare 经开区管理体制机制调研报告 北京经济技术开发区条例 --topic staffing\n  \
         zhengce compare 经开区 上海市经济技术开发区条例 --format markdown > report.md\n  \
         zhengce compare 经开区 北京市街道办事处条例 --all\n  \
         zhengce compare 经开区 北京市街道办事处条例 --json",
        crate::compare::COVERS_PASSAGES,
        100.0 * crate::compare::COVERS_SHARE,
        crate::compare::ALIGN_MIN_SIMILARITY,
        crate::compare::MIN_SHARED_WORDS,
    )
}

/// Arguments of `zhengce similar`.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// DOC (a whole document) or DOC:LOC (one paragraph or article).
    #[arg(value_name = "DOC[:LOC]")]
    pub target: String,

    /// How many results to show.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = at_least_one)]
    pub limit: usize,

    /// For a passage: only passages of other documents (which other documents say the same).
    #[arg(long)]
    pub elsewhere: bool,

    /// Print JSON Lines, one hit per line.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of the hidden `zhengce __extract` (the extraction child process).
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file's format: html, docx, doc, table, pdf, ofd or zip.
    pub format: String,

    /// The address-space limit the child sets on itself, in MiB.
    #[arg(long, default_value_t = 1024)]
    pub memory_mb: u64,

    /// The CPU-time limit the child sets on itself, in seconds.
    #[arg(long, default_value_t = 20)]
    pub cpu_seconds: u64,
}

/// Arguments of `zhengce topics`.
#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// Profile one document, section by section.
    #[arg(long, value_name = "DOC")]
    pub doc: Option<String>,

    /// A topic file that extends or overrides the bundled topics.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    /// Print JSON Lines, one topic per line.
    #[arg(long)]
    pub json: bool,
}

pub use crate::cite::CiteFormat;

/// Arguments of `zhengce show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// DOC or DOC:LOC.
    #[arg(value_name = "DOC[:LOC]")]
    pub target: String,

    /// Print the document's section tree with line numbers and its metadata.
    #[arg(long)]
    pub outline: bool,

    /// Paragraphs of context before and after the passage.
    #[arg(long, short = 'C', default_value_t = 2, value_name = "N")]
    pub context: usize,

    /// Print JSON (the outline as one object; passages as JSON Lines).
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `zhengce cite`.
#[derive(Debug, Args)]
pub struct CiteArgs {
    /// DOC:LOC — LOC is a line number or an article (第十二条, 第12条).
    #[arg(value_name = "DOC:LOC")]
    pub target: String,

    /// Quote only this sentence of the passage (1-based).
    #[arg(long, value_name = "K")]
    pub sentence: Option<usize>,

    /// How to print the citation.
    #[arg(long, value_enum, default_value_t = CiteFormat::Plain)]
    pub format: CiteFormat,

    /// Short for --format json.
    #[arg(long)]
    pub json: bool,

    /// The 引用日期 (date of access) that --format gbt7714 gives an online source (one with an
    /// address), YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE")]
    pub accessed: Option<String>,
}

/// Arguments of `zhengce index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to index [default: ./corpus; with --rebuild, the folders the index was
    /// built from].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// A user dictionary in jieba's `word freq tag` format, for a new index (stored with it).
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,

    /// Discard the existing index and build it anew (needed to change the dictionary).
    #[arg(long)]
    pub rebuild: bool,

    /// Skip files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_file_mb: u64,

    /// Print only the summary line, no progress bar and no list of skipped files.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `zhengce search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several arguments are joined with spaces); optional with --topic.
    #[arg(required_unless_present = "topic", value_name = "QUERY")]
    pub query: Vec<String>,

    /// Only passages on this topic (an id, a Chinese label or a unique prefix); repeat to
    /// combine. With no query, the passages most about the topic.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,

    /// A topic file that extends or overrides the bundled topics.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    /// Show the expanded query (synonyms, coverage rule, topic terms) and, for each hit, its
    /// score for every topic.
    #[arg(long)]
    pub explain: bool,

    /// How many results to show.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = at_least_one)]
    pub limit: usize,

    /// How many of the best results to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,

    /// Rank documents instead of passages.
    #[arg(long)]
    pub docs: bool,

    /// With --topic, at most this many passages of one document in the results (0: no limit).
    /// [default: 2 for a topic search without a query or --doc, no limit otherwise]
    #[arg(long, value_name = "N")]
    pub per_doc: Option<usize>,

    /// Print JSON Lines, one hit per line.
    #[arg(long)]
    pub json: bool,

    /// Print under each hit the citation `zhengce cite PATH:LINE` prints for it.
    #[arg(long)]
    pub cite: bool,

    /// With --cite: how to print the citations (as `cite --format`).
    #[arg(long, value_enum, default_value_t = CiteFormat::Plain, requires = "cite")]
    pub format: CiteFormat,

    /// With --cite --format gbt7714: the 引用日期 of online sources (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", requires = "cite")]
    pub accessed: Option<String>,

    /// Only documents of this year (by the document's own date; see --page-date).
    #[arg(long, value_name = "YYYY")]
    pub year: Option<u32>,

    /// Make --year, --since, --until and --sort date go by the date a web page stamped on its
    /// copy (`时间:2024-04-01 07:34:31`) where there is one, rather than by the document's own
    /// date. (Without it, a page's stamp counts only for a document that states no date.)
    #[arg(long)]
    pub page_date: bool,

    /// Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only documents dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only documents of this type (法律, 条例, 办法, 意见, 通知, 政府工作报告, 调研报告 …).
    #[arg(long = "type", value_name = "TYPE")]
    pub doc_type: Option<String>,

    /// Only documents of this region (浙江 or 浙江省).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Only documents whose path or title contains this.
    #[arg(long, value_name = "PATTERN")]
    pub doc: Option<String>,

    /// Order: best match first (relevance) or newest document first (date).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
}

/// Orders of `search --sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest document first.
    Date,
}

/// Arguments of `zhengce status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `zhengce mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {}

/// Arguments of `zhengce serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free one. Anything but a loopback address
    /// makes the index readable from other machines.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7700")]
    pub bind: std::net::SocketAddr,
}

/// Arguments of `zhengce verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The draft (text or Markdown); `-` or nothing reads standard input.
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,

    /// Print one JSON object per quotation.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `zhengce ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question (several arguments are joined with spaces).
    #[arg(required = true, value_name = "QUESTION")]
    pub question: Vec<String>,

    /// How many passages to show (the answering one first).
    #[arg(long, short = 'n', default_value_t = 10, value_parser = at_least_one)]
    pub limit: usize,

    /// Only documents whose path or title contains this.
    #[arg(long, value_name = "PATTERN")]
    pub doc: Option<String>,

    /// Print one JSON object: answer, answer_type, confidence, passages. With --each, JSON Lines:
    /// one such object per document, with the document's fields.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Ask the question of each document the filters select, one row per document (copies
    /// collapsed): the answer as stated, its qualifier, the measure, the year it is for, the
    /// evidence and its citation — or not stated.
    #[arg(long)]
    pub each: bool,

    /// With --each: only documents of this type (政府工作报告, 条例 …).
    #[arg(long = "type", value_name = "TYPE", requires = "each")]
    pub doc_type: Option<String>,

    /// With --each: only documents of this year (by the document's own date).
    #[arg(long, value_name = "YYYY", requires = "each")]
    pub year: Option<u32>,

    /// With --each: only documents of this region (浙江 or 浙江省).
    #[arg(long, value_name = "REGION", requires = "each")]
    pub region: Option<String>,

    /// With --each: only documents of this level of government (直辖市 are provincial).
    #[arg(long, value_enum, requires = "each")]
    pub level: Option<LevelArg>,

    /// With --each: how to print the table.
    #[arg(long, value_enum, default_value_t = EachFormat::Table, requires = "each")]
    pub format: EachFormat,

    /// With --each: write the table to this file instead of standard output (needed for xlsx).
    #[arg(long, short = 'o', value_name = "FILE", requires = "each")]
    pub output: Option<PathBuf>,

    /// With --each: order of the rows (default: by path).
    #[arg(long, value_enum, requires = "each")]
    pub sort: Option<EachSort>,

    /// With --each: ask at most this many documents (the first by path).
    #[arg(long, value_name = "N", value_parser = at_least_one, requires = "each")]
    pub max_docs: Option<usize>,
}

/// Levels of government for `ask --each --level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    /// National documents (no region).
    National,
    /// Provinces, autonomous regions and 直辖市.
    Provincial,
    /// Provincial capitals and sub-provincial cities.
    City,
    /// Other prefecture-level places (and counties).
    Prefecture,
}

impl From<LevelArg> for crate::document::Level {
    fn from(level: LevelArg) -> Self {
        match level {
            LevelArg::National => crate::document::Level::National,
            LevelArg::Provincial => crate::document::Level::Provincial,
            LevelArg::City => crate::document::Level::City,
            LevelArg::Prefecture => crate::document::Level::Prefecture,
        }
    }
}

/// Formats of the `ask --each` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EachFormat {
    /// Aligned columns for a terminal.
    Table,
    /// A Markdown table.
    Markdown,
    /// CSV (UTF-8 with a byte-order mark, RFC 4180 quoting), for spreadsheets.
    Csv,
    /// An Excel workbook (needs --output).
    Xlsx,
}

/// Orders of the `ask --each` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EachSort {
    /// By the answer's number (a range by its lower bound), not stated last.
    Answer,
    /// By region.
    Region,
    /// By the document's date.
    Date,
}

/// Arguments of `zhengce eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The question set (JSON Lines).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Measure plain search (the question as the query) instead of ask.
    #[arg(long)]
    pub search: bool,

    /// Measure a plain BM25 baseline instead (the question cut into the index's word and bigram
    /// terms, ranked by BM25 alone: no coverage rule, naming, headings or re-rank), to compare
    /// search against.
    #[arg(long, conflicts_with = "search")]
    pub baseline: bool,

    /// Print one JSON object with the figures and every question's outcome.
    #[arg(long)]
    pub json: bool,
}

/// A count of results to show: a whole number of at least 1.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}")),
    }
}
