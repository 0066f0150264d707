//! Chinese text at its smallest: character classes, numerals and sentences. A leaf module — it
//! depends on nothing else in the crate — so every stage reads characters, numbers and sentence
//! ends the same way. [`fold`] folds width, case, quotation marks and traditional/simplified form
//! for comparison.

pub mod fold;

/// Whether a character is a CJK ideograph (including `〇`), the unit of Chinese text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
        | 0x30000..=0x3134F | 0xF900..=0xFAFF | 0x3007)
}

/// The most common Chinese surnames (single characters): a word that begins with none of them is
/// not read as a person's name.
const COMMON_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Whether a character is one of the common Chinese surnames ([`COMMON_SURNAMES`]).
pub fn is_common_surname(c: char) -> bool {
    COMMON_SURNAMES.contains(c)
}

/// Whether a character is set wide in CJK text: ideographs, CJK punctuation (`，。、《》`) and
/// full-width forms. Text extracted from a layout puts no space between two wide characters.
pub fn is_wide(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The value of an Arabic digit, half- or full-width.
pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit (〇 ○ 零 一 … 九, 两, and the financial forms).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '两' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Converts Chinese numerals in a date or number to Arabic: "二〇二四" → 2024, "十二" → 12,
/// "二十三" → 23 (None if not a numeral).
///
/// Digit strings without units are read digit by digit (years are written that way), strings
/// with 十/百/千/万 by place value; 两, 廿 (20), 卅 (30), financial forms and Arabic digits are
/// accepted. Dates in policy documents are often written in Chinese numerals, and a user may
/// type either form.
pub fn chinese_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let value_of = |c: char| arabic_digit(c).or_else(|| chinese_digit(c));
    let unit_of = |c: char| match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1000),
        _ => None,
    };
    let has_units = s
        .chars()
        .any(|c| unit_of(c).is_some() || matches!(c, '万' | '萬' | '廿' | '卅'));
    if !has_units {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(value_of(c)?)
        });
    }
    let mut total = 0u32;
    let mut section = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        if let Some(d) = value_of(c) {
            if pending.is_some_and(|p| p != 0) && d != 0 {
                return None;
            }
            pending = Some(d);
        } else if let Some(unit) = unit_of(c) {
            if unit >= last_unit {
                return None;
            }
            section = section.checked_add(pending.take().unwrap_or(1).checked_mul(unit)?)?;
            last_unit = unit;
        } else if c == '廿' || c == '卅' {
            if pending.is_some_and(|p| p != 0) || last_unit <= 10 {
                return None;
            }
            pending = None;
            section = section.checked_add(if c == '廿' { 20 } else { 30 })?;
            last_unit = 10;
        } else if c == '万' || c == '萬' {
            section = section.checked_add(pending.take().unwrap_or(0))?;
            if section == 0 || total != 0 {
                return None;
            }
            total = section.checked_mul(10_000)?;
            section = 0;
            last_unit = u32::MAX;
        } else {
            return None;
        }
    }
    total.checked_add(section.checked_add(pending.unwrap_or(0))?)
}

/// Writes a number in Chinese numerals as legal and official texts number their articles and
/// chapters: 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十. The inverse of
/// [`chinese_number`] for numbers below 10,000; `None` for 0 and larger numbers.
pub fn chinese_numeral(n: u32) -> Option<String> {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 || n >= 10_000 {
        return None;
    }
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut pending_zero = false;
    for (value, unit) in places {
        let digit = (n / value % 10) as usize;
        if digit == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十二, not 一十二, at the start; 一百一十 inside.
        if !(value == 10 && digit == 1 && out.is_empty()) {
            out.push(DIGITS[digit]);
        }
        if unit != ' ' {
            out.push(unit);
        }
    }
    Some(out)
}

/// The byte ranges of a text's sentences, each keeping its closing punctuation (`。！？；!?;`) and
/// the closing quotes or brackets right after it, trimmed of white space; a last piece without a
/// sentence end is a sentence too. Empty pieces are left out.
pub fn sentence_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<std::ops::Range<usize>>| {
        let piece = &text[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            out.push(from + lead..to - trail);
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '”' | '’' | '」' | '』' | ')' | '）') {
                    end = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push(start, end, &mut out);
            start = end;
        }
    }
    push(start, text.len(), &mut out);
    out
}

/// Where a text cut to whole sentences ends: the byte end of the longest run of its sentences,
/// from the first, that holds at most `max_chars` characters (counted from the first sentence's
/// start) — never before the first sentence's end, nor before the end of the sentence that
/// holds the text's first `keep_until` bytes. A text without sentences ends where it ends.
pub fn whole_sentences_end(text: &str, max_chars: usize, keep_until: usize) -> usize {
    let ranges = sentence_ranges(text);
    let Some(first) = ranges.first() else {
        return text.len();
    };
    let mut end = first.end;
    for range in &ranges[1..] {
        if range.start >= keep_until && text[first.start..range.end].chars().count() > max_chars {
            break;
        }
        end = range.end;
    }
    end.max(keep_until.min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_keep_whole_sentences() {
        let text = "第一句。第二句话。第三句。";
        assert_eq!(&text[..whole_sentences_end(text, 4, 0)], "第一句。");
        assert_eq!(
            &text[..whole_sentences_end(text, 9, 0)],
            "第一句。第二句话。"
        );
        assert_eq!(whole_sentences_end(text, 100, 0), text.len());
        assert_eq!(
            &text[..whole_sentences_end(text, 1, 0)],
            "第一句。",
            "the first, however long"
        );
        let keep = text.find("第三").unwrap() + "第".len();
        assert_eq!(
            whole_sentences_end(text, 4, keep),
            text.len(),
            "up to what must be kept"
        );
        assert_eq!(whole_sentences_end("", 4, 0), 0);
    }

    #[test]
    fn character_classes() {
        assert!(is_cjk('编') && is_cjk('〇') && !is_cjk('，') && !is_cjk('A'));
        assert!(is_wide('，') && is_wide('编') && is_wide('Ａ') && !is_wide('A'));
    }

    #[test]
    fn numerals_both_ways() {
        assert_eq!(chinese_number("二〇二四"), Some(2024));
        assert_eq!(chinese_number("一百零五"), Some(105));
        assert_eq!(chinese_number("１２"), Some(12));
        assert_eq!(chinese_number("十二条"), None);
        for n in [1, 10, 12, 20, 105, 110, 999, 1001, 9999] {
            assert_eq!(chinese_number(&chinese_numeral(n).unwrap()), Some(n), "{n}");
        }
        assert_eq!(chinese_numeral(0), None);
    }

    #[test]
    fn sentences_keep_their_ends_and_closing_quotes() {
        let text = " 一是优化机构。二是“见章盖章。”三是服务 ";
        let pieces: Vec<&str> = sentence_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(pieces, ["一是优化机构。", "二是“见章盖章。”", "三是服务"]);
        assert!(sentence_ranges("  ").is_empty());
        assert!(sentence_ranges("。").len() == 1);
    }
}
