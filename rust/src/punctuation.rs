//! `normalize_punctuation` (`cleantext.punctuation`): ASCII marks in Chinese context to
//! full-width, quotes and parentheses paired, full stops, ellipses, dashes, range dashes,
//! interpuncts, small forms and corner quotes.
//!
//! A port of the Python rules (tests/reference/punctuation.py) on a page's code points, so
//! offsets are Python's string indices (lone surrogates included). The `regex` patterns the
//! rules used are matched by hand with the same leftmost-first, greedy (or possessive)
//! semantics; each is named above its function. The Python context looked a mark's
//! neighbours up lazily and built page tables when that grew costly; both gave the same
//! answers, and here the tables are built at once (linear, cheap in Rust), some on first use.
//! Character classes: `\p{Han}` is `han::HAN_RANGES`, the regex module's `\d` (the range
//! rule's) is `cue::DIGITS`, `str.strip` strips `cue::PY_SPACES`; the Chinese-context set and
//! `\p{L}` are the tables below. Tests check each against Python over every code point.

use crate::cue::{is_digit, is_py_space};
use crate::han::{in_ranges, is_han};
use std::cell::{Cell, OnceCell};

/// `[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef\u3200-\u32ff]`, inclusive ranges.
pub const CHINESE_RANGES: [(u32, u32); 39] = [
    (0x1100, 0x11FF),
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3000, 0x303F),
    (0x3041, 0x3096),
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),
    (0x30FD, 0x30FF),
    (0x3131, 0x318E),
    (0x31F0, 0x3357),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97C),
    (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6),
    (0xD7CB, 0xD7FB),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0xFF00, 0xFFEF),
    (0x16FE2, 0x16FE3),
    (0x16FF0, 0x16FF6),
    (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB),
    (0x1AFFD, 0x1AFFE),
    (0x1B000, 0x1B128),
    (0x1B132, 0x1B132),
    (0x1B150, 0x1B152),
    (0x1B155, 0x1B155),
    (0x1B164, 0x1B168),
    (0x1F200, 0x1F200),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x33479),
];

/// `\p{L}`, inclusive ranges.
pub const LETTER_RANGES: [(u32, u32); 694] = [
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0xAA, 0xAA),
    (0xB5, 0xB5),
    (0xBA, 0xBA),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x2C1),
    (0x2C6, 0x2D1),
    (0x2E0, 0x2E4),
    (0x2EC, 0x2EC),
    (0x2EE, 0x2EE),
    (0x370, 0x374),
    (0x376, 0x377),
    (0x37A, 0x37D),
    (0x37F, 0x37F),
    (0x386, 0x386),
    (0x388, 0x38A),
    (0x38C, 0x38C),
    (0x38E, 0x3A1),
    (0x3A3, 0x3F5),
    (0x3F7, 0x481),
    (0x48A, 0x52F),
    (0x531, 0x556),
    (0x558, 0x559),
    (0x560, 0x588),
    (0x58B, 0x58C),
    (0x5D0, 0x5EA),
    (0x5EF, 0x5F2),
    (0x620, 0x64A),
    (0x66E, 0x66F),
    (0x671, 0x6D3),
    (0x6D5, 0x6D5),
    (0x6E5, 0x6E6),
    (0x6EE, 0x6EF),
    (0x6FA, 0x6FC),
    (0x6FF, 0x6FF),
    (0x710, 0x710),
    (0x712, 0x72F),
    (0x74D, 0x7A5),
    (0x7B1, 0x7B1),
    (0x7CA, 0x7EA),
    (0x7F4, 0x7F5),
    (0x7FA, 0x7FA),
    (0x800, 0x815),
    (0x81A, 0x81A),
    (0x824, 0x824),
    (0x828, 0x828),
    (0x840, 0x858),
    (0x860, 0x86A),
    (0x870, 0x887),
    (0x889, 0x88F),
    (0x8A0, 0x8C9),
    (0x904, 0x939),
    (0x93D, 0x93D),
    (0x950, 0x950),
    (0x958, 0x961),
    (0x971, 0x980),
    (0x985, 0x98C),
    (0x98F, 0x990),
    (0x993, 0x9A8),
    (0x9AA, 0x9B0),
    (0x9B2, 0x9B2),
    (0x9B6, 0x9B9),
    (0x9BD, 0x9BD),
    (0x9CE, 0x9CE),
    (0x9DC, 0x9DD),
    (0x9DF, 0x9E1),
    (0x9F0, 0x9F1),
    (0x9FC, 0x9FC),
    (0xA05, 0xA0A),
    (0xA0F, 0xA10),
    (0xA13, 0xA28),
    (0xA2A, 0xA30),
    (0xA32, 0xA33),
    (0xA35, 0xA36),
    (0xA38, 0xA39),
    (0xA59, 0xA5C),
    (0xA5E, 0xA5E),
    (0xA72, 0xA74),
    (0xA85, 0xA8D),
    (0xA8F, 0xA91),
    (0xA93, 0xAA8),
    (0xAAA, 0xAB0),
    (0xAB2, 0xAB3),
    (0xAB5, 0xAB9),
    (0xABD, 0xABD),
    (0xAD0, 0xAD0),
    (0xAE0, 0xAE1),
    (0xAF9, 0xAF9),
    (0xB05, 0xB0C),
    (0xB0F, 0xB10),
    (0xB13, 0xB28),
    (0xB2A, 0xB30),
    (0xB32, 0xB33),
    (0xB35, 0xB39),
    (0xB3D, 0xB3D),
    (0xB5C, 0xB5D),
    (0xB5F, 0xB61),
    (0xB71, 0xB71),
    (0xB83, 0xB83),
    (0xB85, 0xB8A),
    (0xB8E, 0xB90),
    (0xB92, 0xB95),
    (0xB99, 0xB9A),
    (0xB9C, 0xB9C),
    (0xB9E, 0xB9F),
    (0xBA3, 0xBA4),
    (0xBA8, 0xBAA),
    (0xBAE, 0xBB9),
    (0xBD0, 0xBD0),
    (0xC05, 0xC0C),
    (0xC0E, 0xC10),
    (0xC12, 0xC28),
    (0xC2A, 0xC39),
    (0xC3D, 0xC3D),
    (0xC58, 0xC5A),
    (0xC5C, 0xC5D),
    (0xC60, 0xC61),
    (0xC80, 0xC80),
    (0xC85, 0xC8C),
    (0xC8E, 0xC90),
    (0xC92, 0xCA8),
    (0xCAA, 0xCB3),
    (0xCB5, 0xCB9),
    (0xCBD, 0xCBD),
    (0xCDC, 0xCDE),
    (0xCE0, 0xCE1),
    (0xCF1, 0xCF2),
    (0xD04, 0xD0C),
    (0xD0E, 0xD10),
    (0xD12, 0xD3A),
    (0xD3D, 0xD3D),
    (0xD4E, 0xD4E),
    (0xD54, 0xD56),
    (0xD5F, 0xD61),
    (0xD7A, 0xD7F),
    (0xD85, 0xD96),
    (0xD9A, 0xDB1),
    (0xDB3, 0xDBB),
    (0xDBD, 0xDBD),
    (0xDC0, 0xDC6),
    (0xE01, 0xE30),
    (0xE32, 0xE33),
    (0xE40, 0xE46),
    (0xE81, 0xE82),
    (0xE84, 0xE84),
    (0xE86, 0xE8A),
    (0xE8C, 0xEA3),
    (0xEA5, 0xEA5),
    (0xEA7, 0xEB0),
    (0xEB2, 0xEB3),
    (0xEBD, 0xEBD),
    (0xEC0, 0xEC4),
    (0xEC6, 0xEC6),
    (0xEDC, 0xEDF),
    (0xF00, 0xF00),
    (0xF40, 0xF47),
    (0xF49, 0xF6C),
    (0xF88, 0xF8C),
    (0x1000, 0x102A),
    (0x103F, 0x103F),
    (0x1050, 0x1055),
    (0x105A, 0x105D),
    (0x1061, 0x1061),
    (0x1065, 0x1066),
    (0x106E, 0x1070),
    (0x1075, 0x1081),
    (0x108E, 0x108E),
    (0x10A0, 0x10C5),
    (0x10C7, 0x10C7),
    (0x10CD, 0x10CD),
    (0x10D0, 0x10FA),
    (0x10FC, 0x1248),
    (0x124A, 0x124D),
    (0x1250, 0x1256),
    (0x1258, 0x1258),
    (0x125A, 0x125D),
    (0x1260, 0x1288),
    (0x128A, 0x128D),
    (0x1290, 0x12B0),
    (0x12B2, 0x12B5),
    (0x12B8, 0x12BE),
    (0x12C0, 0x12C0),
    (0x12C2, 0x12C5),
    (0x12C8, 0x12D6),
    (0x12D8, 0x1310),
    (0x1312, 0x1315),
    (0x1318, 0x135A),
    (0x1380, 0x138F),
    (0x13A0, 0x13F5),
    (0x13F8, 0x13FD),
    (0x1401, 0x166C),
    (0x166F, 0x167F),
    (0x1681, 0x169A),
    (0x16A0, 0x16EA),
    (0x16F1, 0x16F8),
    (0x1700, 0x1711),
    (0x171F, 0x1731),
    (0x1740, 0x1751),
    (0x1760, 0x176C),
    (0x176E, 0x1770),
    (0x1780, 0x17B3),
    (0x17D7, 0x17D7),
    (0x17DC, 0x17DC),
    (0x1820, 0x1878),
    (0x1880, 0x1884),
    (0x1887, 0x18A8),
    (0x18AA, 0x18AA),
    (0x18B0, 0x18F5),
    (0x1900, 0x191E),
    (0x1950, 0x196D),
    (0x1970, 0x1974),
    (0x1980, 0x19AB),
    (0x19B0, 0x19C9),
    (0x1A00, 0x1A16),
    (0x1A20, 0x1A54),
    (0x1AA7, 0x1AA7),
    (0x1B05, 0x1B33),
    (0x1B45, 0x1B4C),
    (0x1B83, 0x1BA0),
    (0x1BAE, 0x1BAF),
    (0x1BBA, 0x1BE5),
    (0x1C00, 0x1C23),
    (0x1C4D, 0x1C4F),
    (0x1C5A, 0x1C7D),
    (0x1C80, 0x1C8A),
    (0x1C90, 0x1CBA),
    (0x1CBD, 0x1CBF),
    (0x1CE9, 0x1CEC),
    (0x1CEE, 0x1CF3),
    (0x1CF5, 0x1CF6),
    (0x1CFA, 0x1CFA),
    (0x1D00, 0x1DBF),
    (0x1E00, 0x1F15),
    (0x1F18, 0x1F1D),
    (0x1F20, 0x1F45),
    (0x1F48, 0x1F4D),
    (0x1F50, 0x1F57),
    (0x1F59, 0x1F59),
    (0x1F5B, 0x1F5B),
    (0x1F5D, 0x1F5D),
    (0x1F5F, 0x1F7D),
    (0x1F80, 0x1FB4),
    (0x1FB6, 0x1FBC),
    (0x1FBE, 0x1FBE),
    (0x1FC2, 0x1FC4),
    (0x1FC6, 0x1FCC),
    (0x1FD0, 0x1FD3),
    (0x1FD6, 0x1FDB),
    (0x1FE0, 0x1FEC),
    (0x1FF2, 0x1FF4),
    (0x1FF6, 0x1FFC),
    (0x2071, 0x2071),
    (0x207F, 0x207F),
    (0x208F, 0x209F),
    (0x2102, 0x2102),
    (0x2107, 0x2107),
    (0x210A, 0x2113),
    (0x2115, 0x2115),
    (0x2119, 0x211D),
    (0x2124, 0x2124),
    (0x2126, 0x2126),
    (0x2128, 0x2128),
    (0x212A, 0x212D),
    (0x212F, 0x2139),
    (0x213C, 0x213F),
    (0x2145, 0x2149),
    (0x214E, 0x214E),
    (0x2183, 0x2184),
    (0x2C00, 0x2CE4),
    (0x2CEB, 0x2CEE),
    (0x2CF2, 0x2CF3),
    (0x2D00, 0x2D25),
    (0x2D27, 0x2D27),
    (0x2D2D, 0x2D2D),
    (0x2D30, 0x2D67),
    (0x2D6F, 0x2D6F),
    (0x2D80, 0x2D96),
    (0x2DA0, 0x2DA6),
    (0x2DA8, 0x2DAE),
    (0x2DB0, 0x2DB6),
    (0x2DB8, 0x2DBE),
    (0x2DC0, 0x2DC6),
    (0x2DC8, 0x2DCE),
    (0x2DD0, 0x2DD6),
    (0x2DD8, 0x2DDE),
    (0x2E2F, 0x2E2F),
    (0x3005, 0x3006),
    (0x3031, 0x3035),
    (0x303B, 0x303C),
    (0x3041, 0x3096),
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),
    (0x30FC, 0x30FF),
    (0x3105, 0x312F),
    (0x3131, 0x318E),
    (0x31A0, 0x31BF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0xA48C),
    (0xA4D0, 0xA4FD),
    (0xA500, 0xA60C),
    (0xA610, 0xA61F),
    (0xA62A, 0xA62B),
    (0xA640, 0xA66E),
    (0xA67F, 0xA69D),
    (0xA6A0, 0xA6E5),
    (0xA717, 0xA71F),
    (0xA722, 0xA788),
    (0xA78B, 0xA7DD),
    (0xA7E2, 0xA7E2),
    (0xA7F1, 0xA801),
    (0xA803, 0xA805),
    (0xA807, 0xA80A),
    (0xA80C, 0xA822),
    (0xA840, 0xA873),
    (0xA882, 0xA8B3),
    (0xA8F2, 0xA8F7),
    (0xA8FB, 0xA8FB),
    (0xA8FD, 0xA8FE),
    (0xA90A, 0xA925),
    (0xA930, 0xA946),
    (0xA960, 0xA97C),
    (0xA984, 0xA9B2),
    (0xA9CF, 0xA9CF),
    (0xA9E0, 0xA9E4),
    (0xA9E6, 0xA9EF),
    (0xA9FA, 0xA9FE),
    (0xAA00, 0xAA28),
    (0xAA40, 0xAA42),
    (0xAA44, 0xAA4B),
    (0xAA60, 0xAA76),
    (0xAA7A, 0xAA7A),
    (0xAA7E, 0xAAAF),
    (0xAAB1, 0xAAB1),
    (0xAAB5, 0xAAB6),
    (0xAAB9, 0xAABD),
    (0xAAC0, 0xAAC0),
    (0xAAC2, 0xAAC2),
    (0xAADB, 0xAADD),
    (0xAAE0, 0xAAEA),
    (0xAAF2, 0xAAF4),
    (0xAB01, 0xAB06),
    (0xAB09, 0xAB0E),
    (0xAB11, 0xAB16),
    (0xAB20, 0xAB26),
    (0xAB28, 0xAB2E),
    (0xAB30, 0xAB5A),
    (0xAB5C, 0xAB69),
    (0xAB6C, 0xAB6D),
    (0xAB70, 0xABE2),
    (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6),
    (0xD7CB, 0xD7FB),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0xFB00, 0xFB06),
    (0xFB13, 0xFB17),
    (0xFB1D, 0xFB1D),
    (0xFB1F, 0xFB28),
    (0xFB2A, 0xFB36),
    (0xFB38, 0xFB3C),
    (0xFB3E, 0xFB3E),
    (0xFB40, 0xFB41),
    (0xFB43, 0xFB44),
    (0xFB46, 0xFBB1),
    (0xFBD3, 0xFD3D),
    (0xFD50, 0xFD8F),
    (0xFD92, 0xFDC7),
    (0xFDF0, 0xFDFB),
    (0xFE70, 0xFE74),
    (0xFE76, 0xFEFC),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
    (0xFF66, 0xFFBE),
    (0xFFC2, 0xFFC7),
    (0xFFCA, 0xFFCF),
    (0xFFD2, 0xFFD7),
    (0xFFDA, 0xFFDC),
    (0x10000, 0x1000B),
    (0x1000D, 0x10026),
    (0x10028, 0x1003A),
    (0x1003C, 0x1003D),
    (0x1003F, 0x1004D),
    (0x10050, 0x1005D),
    (0x10080, 0x100FA),
    (0x10280, 0x1029C),
    (0x102A0, 0x102D0),
    (0x10300, 0x1031F),
    (0x1032D, 0x10340),
    (0x10342, 0x10349),
    (0x10350, 0x10375),
    (0x10380, 0x1039D),
    (0x103A0, 0x103C3),
    (0x103C8, 0x103CF),
    (0x10400, 0x1049D),
    (0x104B0, 0x104D3),
    (0x104D8, 0x104FB),
    (0x10500, 0x10527),
    (0x10530, 0x10563),
    (0x10570, 0x1057A),
    (0x1057C, 0x1058A),
    (0x1058C, 0x10592),
    (0x10594, 0x10595),
    (0x10597, 0x105A1),
    (0x105A3, 0x105B1),
    (0x105B3, 0x105B9),
    (0x105BB, 0x105BC),
    (0x105C0, 0x105F3),
    (0x10600, 0x10736),
    (0x10740, 0x10755),
    (0x10760, 0x10767),
    (0x10780, 0x10785),
    (0x10787, 0x107B0),
    (0x107B2, 0x107BF),
    (0x10800, 0x10805),
    (0x10808, 0x10808),
    (0x1080A, 0x10835),
    (0x10837, 0x10838),
    (0x1083C, 0x1083C),
    (0x1083F, 0x10855),
    (0x10860, 0x10876),
    (0x10880, 0x1089E),
    (0x108E0, 0x108F2),
    (0x108F4, 0x108F5),
    (0x10900, 0x10915),
    (0x10920, 0x10939),
    (0x10940, 0x10959),
    (0x10980, 0x109B7),
    (0x109BE, 0x109BF),
    (0x10A00, 0x10A00),
    (0x10A10, 0x10A13),
    (0x10A15, 0x10A17),
    (0x10A19, 0x10A35),
    (0x10A60, 0x10A7C),
    (0x10A80, 0x10A9C),
    (0x10AC0, 0x10AC7),
    (0x10AC9, 0x10AE4),
    (0x10B00, 0x10B35),
    (0x10B40, 0x10B55),
    (0x10B60, 0x10B72),
    (0x10B80, 0x10B91),
    (0x10C00, 0x10C48),
    (0x10C80, 0x10CB2),
    (0x10CC0, 0x10CF2),
    (0x10D00, 0x10D23),
    (0x10D4A, 0x10D65),
    (0x10D6F, 0x10D85),
    (0x10E80, 0x10EA9),
    (0x10EB0, 0x10EB1),
    (0x10EC2, 0x10EC7),
    (0x10ED9, 0x10EEE),
    (0x10F00, 0x10F1C),
    (0x10F27, 0x10F27),
    (0x10F30, 0x10F45),
    (0x10F70, 0x10F81),
    (0x10FB0, 0x10FC4),
    (0x10FE0, 0x10FF6),
    (0x11003, 0x11037),
    (0x11071, 0x11072),
    (0x11075, 0x11075),
    (0x11083, 0x110AF),
    (0x110D0, 0x110E8),
    (0x11103, 0x11126),
    (0x11144, 0x11144),
    (0x11147, 0x11147),
    (0x11150, 0x11172),
    (0x11176, 0x11176),
    (0x11183, 0x111B2),
    (0x111C1, 0x111C4),
    (0x111DA, 0x111DA),
    (0x111DC, 0x111DC),
    (0x11200, 0x11211),
    (0x11213, 0x1122B),
    (0x1123F, 0x11240),
    (0x11280, 0x11286),
    (0x11288, 0x11288),
    (0x1128A, 0x1128D),
    (0x1128F, 0x1129D),
    (0x1129F, 0x112A8),
    (0x112B0, 0x112DE),
    (0x11305, 0x1130C),
    (0x1130F, 0x11310),
    (0x11313, 0x11328),
    (0x1132A, 0x11330),
    (0x11332, 0x11333),
    (0x11335, 0x11339),
    (0x1133D, 0x1133D),
    (0x11350, 0x11350),
    (0x1135D, 0x11361),
    (0x11380, 0x11389),
    (0x1138B, 0x1138B),
    (0x1138E, 0x1138E),
    (0x11390, 0x113B5),
    (0x113B7, 0x113B7),
    (0x113D1, 0x113D1),
    (0x113D3, 0x113D3),
    (0x11400, 0x11434),
    (0x11447, 0x1144A),
    (0x1145F, 0x11461),
    (0x11480, 0x114AF),
    (0x114C4, 0x114C5),
    (0x114C7, 0x114C7),
    (0x11580, 0x115AE),
    (0x115D8, 0x115DB),
    (0x11600, 0x1162F),
    (0x11644, 0x11644),
    (0x11680, 0x116AA),
    (0x116B8, 0x116B8),
    (0x11700, 0x1171A),
    (0x11740, 0x11746),
    (0x11800, 0x1182B),
    (0x118A0, 0x118DF),
    (0x118FF, 0x11906),
    (0x11909, 0x11909),
    (0x1190C, 0x11913),
    (0x11915, 0x11916),
    (0x11918, 0x1192F),
    (0x1193F, 0x1193F),
    (0x11941, 0x11941),
    (0x119A0, 0x119A7),
    (0x119AA, 0x119D0),
    (0x119E1, 0x119E1),
    (0x119E3, 0x119E3),
    (0x11A00, 0x11A00),
    (0x11A0B, 0x11A32),
    (0x11A3A, 0x11A3A),
    (0x11A50, 0x11A50),
    (0x11A5C, 0x11A89),
    (0x11A9D, 0x11A9D),
    (0x11AB0, 0x11AF8),
    (0x11B0A, 0x11B0A),
    (0x11BC0, 0x11BE0),
    (0x11C00, 0x11C08),
    (0x11C0A, 0x11C2E),
    (0x11C40, 0x11C40),
    (0x11C72, 0x11C8F),
    (0x11D00, 0x11D06),
    (0x11D08, 0x11D09),
    (0x11D0B, 0x11D30),
    (0x11D46, 0x11D46),
    (0x11D60, 0x11D65),
    (0x11D67, 0x11D68),
    (0x11D6A, 0x11D89),
    (0x11D98, 0x11D98),
    (0x11DB0, 0x11DDB),
    (0x11DF1, 0x11DF1),
    (0x11EE0, 0x11EF2),
    (0x11F02, 0x11F02),
    (0x11F04, 0x11F10),
    (0x11F12, 0x11F33),
    (0x11FB0, 0x11FB0),
    (0x12000, 0x12399),
    (0x12480, 0x12543),
    (0x12F90, 0x12FF0),
    (0x13000, 0x1342F),
    (0x13441, 0x13446),
    (0x13460, 0x143FA),
    (0x14400, 0x14646),
    (0x16100, 0x1611D),
    (0x16800, 0x16A38),
    (0x16A40, 0x16A5E),
    (0x16A70, 0x16ABE),
    (0x16AD0, 0x16AED),
    (0x16B00, 0x16B2F),
    (0x16B40, 0x16B43),
    (0x16B63, 0x16B77),
    (0x16B7D, 0x16B8F),
    (0x16D40, 0x16D6C),
    (0x16E40, 0x16E7F),
    (0x16EA0, 0x16EB8),
    (0x16EBB, 0x16ED3),
    (0x16F00, 0x16F4A),
    (0x16F50, 0x16F50),
    (0x16F93, 0x16F9F),
    (0x16FE0, 0x16FE1),
    (0x16FE3, 0x16FE3),
    (0x16FF2, 0x16FF3),
    (0x17000, 0x18CDA),
    (0x18CFF, 0x18D20),
    (0x18D80, 0x18DF2),
    (0x18E00, 0x19191),
    (0x191A0, 0x191D2),
    (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB),
    (0x1AFFD, 0x1AFFE),
    (0x1B000, 0x1B128),
    (0x1B132, 0x1B132),
    (0x1B150, 0x1B152),
    (0x1B155, 0x1B155),
    (0x1B164, 0x1B168),
    (0x1B170, 0x1B2FB),
    (0x1BC00, 0x1BC6A),
    (0x1BC70, 0x1BC7C),
    (0x1BC80, 0x1BC88),
    (0x1BC90, 0x1BC99),
    (0x1D400, 0x1D454),
    (0x1D456, 0x1D49C),
    (0x1D49E, 0x1D49F),
    (0x1D4A2, 0x1D4A2),
    (0x1D4A5, 0x1D4A6),
    (0x1D4A9, 0x1D4AC),
    (0x1D4AE, 0x1D4B9),
    (0x1D4BB, 0x1D4BB),
    (0x1D4BD, 0x1D4C3),
    (0x1D4C5, 0x1D505),
    (0x1D507, 0x1D50A),
    (0x1D50D, 0x1D514),
    (0x1D516, 0x1D51C),
    (0x1D51E, 0x1D539),
    (0x1D53B, 0x1D53E),
    (0x1D540, 0x1D544),
    (0x1D546, 0x1D546),
    (0x1D54A, 0x1D550),
    (0x1D552, 0x1D6A6),
    (0x1D6A8, 0x1D6C0),
    (0x1D6C2, 0x1D6DA),
    (0x1D6DC, 0x1D6FA),
    (0x1D6FC, 0x1D714),
    (0x1D716, 0x1D734),
    (0x1D736, 0x1D74E),
    (0x1D750, 0x1D76E),
    (0x1D770, 0x1D788),
    (0x1D78A, 0x1D7A8),
    (0x1D7AA, 0x1D7C2),
    (0x1D7C4, 0x1D7CB),
    (0x1DF00, 0x1DF81),
    (0x1DF90, 0x1DF96),
    (0x1DFCD, 0x1DFFF),
    (0x1E030, 0x1E06D),
    (0x1E100, 0x1E12C),
    (0x1E137, 0x1E13D),
    (0x1E14E, 0x1E14E),
    (0x1E290, 0x1E2AD),
    (0x1E2C0, 0x1E2EB),
    (0x1E4D0, 0x1E4EB),
    (0x1E5D0, 0x1E5ED),
    (0x1E5F0, 0x1E5F0),
    (0x1E6C0, 0x1E6DE),
    (0x1E6E0, 0x1E6E2),
    (0x1E6E4, 0x1E6E5),
    (0x1E6E7, 0x1E6ED),
    (0x1E6F0, 0x1E6F4),
    (0x1E6FE, 0x1E6FF),
    (0x1E7E0, 0x1E7E6),
    (0x1E7E8, 0x1E7EB),
    (0x1E7ED, 0x1E7EE),
    (0x1E7F0, 0x1E7FE),
    (0x1E800, 0x1E8C4),
    (0x1E900, 0x1E943),
    (0x1E94B, 0x1E94B),
    (0x1EE00, 0x1EE03),
    (0x1EE05, 0x1EE1F),
    (0x1EE21, 0x1EE22),
    (0x1EE24, 0x1EE24),
    (0x1EE27, 0x1EE27),
    (0x1EE29, 0x1EE32),
    (0x1EE34, 0x1EE37),
    (0x1EE39, 0x1EE39),
    (0x1EE3B, 0x1EE3B),
    (0x1EE42, 0x1EE42),
    (0x1EE47, 0x1EE47),
    (0x1EE49, 0x1EE49),
    (0x1EE4B, 0x1EE4B),
    (0x1EE4D, 0x1EE4F),
    (0x1EE51, 0x1EE52),
    (0x1EE54, 0x1EE54),
    (0x1EE57, 0x1EE57),
    (0x1EE59, 0x1EE59),
    (0x1EE5B, 0x1EE5B),
    (0x1EE5D, 0x1EE5D),
    (0x1EE5F, 0x1EE5F),
    (0x1EE61, 0x1EE62),
    (0x1EE64, 0x1EE64),
    (0x1EE67, 0x1EE6A),
    (0x1EE6C, 0x1EE72),
    (0x1EE74, 0x1EE77),
    (0x1EE79, 0x1EE7C),
    (0x1EE7E, 0x1EE7E),
    (0x1EE80, 0x1EE89),
    (0x1EE8B, 0x1EE9B),
    (0x1EEA1, 0x1EEA3),
    (0x1EEA5, 0x1EEA9),
    (0x1EEAB, 0x1EEBB),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x33479),
    (0x3D000, 0x3FC3F),
];

/// A character's class: what it says about the text around a mark.
pub const NEUTRAL: u8 = 0;
pub const ZH: u8 = 1;
pub const LATIN: u8 = 2;

/// Class bits of the characters the tables map: small forms, corner quotes, middle dots.
const SMALL_FORM: u8 = 1 << 4;
const CORNER: u8 = 1 << 5;
const MIDDLE_DOT: u8 = 1 << 6;
/// A space but the plain one and the line break (`chardata.LINE_SPACES`): the step decides as
/// if it were the plain space `normalize_whitespace` makes of it.
const ODD_SPACE: u8 = 1 << 7;

/// No character: `''` in Python (before a line's start, after its end).
const NONE: u32 = u32::MAX;
const LF: u32 = b'\n' as u32;
const SPACE: u32 = b' ' as u32;

const fn cp(c: char) -> u32 {
    c as u32
}

const LEFT_DQUOTE: u32 = cp('“');
const RIGHT_DQUOTE: u32 = cp('”');
const LEFT_SQUOTE: u32 = cp('‘');
const RIGHT_SQUOTE: u32 = cp('’');
const FULL_STOP: u32 = cp('。');
const INTERPUNCT: u32 = cp('·');

fn ascii_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c)
}

fn ascii_letter(c: u32) -> bool {
    (0x41..=0x5A).contains(&c) || (0x61..=0x7A).contains(&c)
}

/// `_ASCII_ALNUM`.
fn ascii_alnum(c: u32) -> bool {
    ascii_digit(c) || ascii_letter(c)
}

/// `_SPACES`: the spaces a converted mark absorbs.
fn absorbed_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x3000 | 0xA0)
}

/// `_QUOTE_MARKS`: what the outer neighbours look through.
fn quote_mark(c: u32) -> bool {
    matches!(
        c,
        0x22 | 0x27
            | 0xFF02
            | 0xFF07
            | 0x201C
            | 0x201D
            | 0x2018
            | 0x2019
            | 0x300C
            | 0x300D
            | 0x300E
            | 0x300F
    )
}

/// `_DQUOTES`.
fn dquote(c: u32) -> bool {
    matches!(c, 0x22 | 0xFF02 | 0x201C | 0x201D)
}

/// `_SQUOTES`.
fn squote(c: u32) -> bool {
    matches!(c, 0x27 | 0xFF07 | 0x2018 | 0x2019)
}

/// `_CURLY`: quotes with a fixed direction.
fn curly(c: u32) -> bool {
    matches!(c, 0x201C | 0x201D | 0x2018 | 0x2019)
}

/// `_OPEN_PAREN`.
fn open_paren(c: u32) -> bool {
    matches!(c, 0x28 | 0xFF08 | 0xFE59)
}

/// `_CLOSE_PAREN`.
fn close_paren(c: u32) -> bool {
    matches!(c, 0x29 | 0xFF09 | 0xFE5A)
}

/// `_MARKS`, the ASCII marks converted in Chinese context: the index is the edit's kind.
const MARKS: [u32; 5] = [cp(','), cp(';'), cp(':'), cp('?'), cp('!')];

/// Why an edit is made; the wrapper writes the reason of each (in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Comma,
    Semicolon,
    Colon,
    Question,
    Exclamation,
    DoubleQuotes,
    SingleQuotes,
    UnpairedOpening,
    UnpairedClosing,
    Parenthesis,
    Ellipsis,
    FullStop,
    Dash,
    LeadingDash,
    RangeEm,
    RangeWave,
    MiddleDot,
    SmallForm,
    CornerQuote,
}

impl Kind {
    fn mark(k: usize) -> Kind {
        [
            Kind::Comma,
            Kind::Semicolon,
            Kind::Colon,
            Kind::Question,
            Kind::Exclamation,
        ][k]
    }
}

/// One or two characters put in place of `text[start..end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replacement {
    chars: [u32; 2],
    len: u8,
}

impl Replacement {
    fn one(c: u32) -> Self {
        Replacement {
            chars: [c, 0],
            len: 1,
        }
    }

    fn two(c: char) -> Self {
        Replacement {
            chars: [c as u32, c as u32],
            len: 2,
        }
    }

    pub fn code_points(&self) -> &[u32] {
        &self.chars[..self.len as usize]
    }

    /// As a Rust string (every replacement is a table's value or a fixed mark: no surrogate).
    pub fn to_text(self) -> String {
        self.code_points()
            .iter()
            .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: Replacement,
    pub kind: Kind,
}

/// `range_dash`: how `fix_range_dashes` writes a range's dash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeDash {
    Keep,
    Em,
    Wave,
}

/// One rule of the step (the public `rule(text) -> list[Edit]` functions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    AsciiMarks,
    Quotes,
    Parentheses,
    FullStops,
    Ellipses,
    Dashes,
    RangeDashes(RangeDash),
    MiddleDots,
    SmallForms,
    CornerQuotes,
}

/// The tables the rules are built with (chardata's and `punctuation.py`'s).
pub struct Tables<'a> {
    /// `PUNCT_NEUTRAL`: characters that say nothing about the text around a mark.
    pub neutral: &'a [u32],
    /// `ASCII_TO_FULLWIDTH`, `SMALL_FORM_PUNCT`, `CORNER_TO_CURLY`.
    pub fullwidth: &'a [(u32, u32)],
    pub small_forms: &'a [(u32, u32)],
    pub corners: &'a [(u32, u32)],
    /// `MIDDLE_DOT_VARIANTS`.
    pub middle_dots: &'a [u32],
    /// `_BEFORE_OPEN`, `_AFTER_CLOSE` (a line's start or end, `''`, is in both anyway).
    pub before_open: &'a [u32],
    pub after_close: &'a [u32],
    /// `LINE_SPACES`.
    pub line_spaces: &'a [u32],
}

/// The step's rules with chardata's tables.
pub struct Punctuation {
    /// Each BMP code point's strength (bits 0-1), `_classify` (bits 2-3) and the tables it is
    /// a key of (`SMALL_FORM`, `CORNER`, `MIDDLE_DOT`).
    bmp: Vec<u8>,
    /// `PUNCT_NEUTRAL`, sorted.
    neutral: Vec<u32>,
    /// `ASCII_TO_FULLWIDTH`, `SMALL_FORM_PUNCT`, `CORNER_TO_CURLY`, sorted by key.
    fullwidth: Vec<(u32, u32)>,
    small_forms: Vec<(u32, u32)>,
    corners: Vec<(u32, u32)>,
    /// `MIDDLE_DOT_VARIANTS`, `_BEFORE_OPEN` and `_AFTER_CLOSE` (each without `''`: no
    /// character, a line's start or end, is in both), sorted.
    middle_dots: Vec<u32>,
    before_open: Vec<u32>,
    after_close: Vec<u32>,
    /// `LINE_SPACES` but the plain space, sorted.
    odd_spaces: Vec<u32>,
}

fn sorted(chars: &[u32]) -> Vec<u32> {
    let mut v = chars.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn sorted_map(map: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut v = map.to_vec();
    v.sort_unstable();
    v
}

fn lookup(map: &[(u32, u32)], c: u32) -> Option<u32> {
    map.binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| map[i].1)
}

impl Punctuation {
    /// Fails if `fullwidth` lacks one of the marks the rules convert (`, ; : ? ! ( )`).
    pub fn new(tables: &Tables<'_>) -> Result<Self, String> {
        let mut rules = Punctuation {
            bmp: Vec::new(),
            neutral: sorted(tables.neutral),
            fullwidth: sorted_map(tables.fullwidth),
            small_forms: sorted_map(tables.small_forms),
            corners: sorted_map(tables.corners),
            middle_dots: sorted(tables.middle_dots),
            before_open: sorted(tables.before_open),
            after_close: sorted(tables.after_close),
            odd_spaces: sorted(tables.line_spaces)
                .into_iter()
                .filter(|&c| c != SPACE && c != LF)
                .collect(),
        };
        for c in MARKS.iter().chain(&[cp('('), cp(')')]) {
            if lookup(&rules.fullwidth, *c).is_none() {
                return Err(format!("no full-width form of {:?}", char::from_u32(*c)));
            }
        }
        rules.bmp = (0..0x10000).map(|c| rules.compute_class(c)).collect();
        Ok(rules)
    }

    fn compute_class(&self, c: u32) -> u8 {
        let neutral = ascii_digit(c) || self.neutral.binary_search(&c).is_ok();
        let chinese = in_ranges(&CHINESE_RANGES, c);
        let letter = in_ranges(&LETTER_RANGES, c);
        // `_ZH_RUN` and `_LATIN_RUN` (`_strength`) ...
        let strength = if chinese && !neutral {
            ZH
        } else if letter && !chinese {
            LATIN
        } else {
            NEUTRAL
        };
        // ... and `_classify`, which asks about neutral characters first.
        let class = if neutral {
            NEUTRAL
        } else if chinese {
            ZH
        } else if letter {
            LATIN
        } else {
            NEUTRAL
        };
        let mut bits = strength | (class << 2);
        if lookup(&self.small_forms, c).is_some() {
            bits |= SMALL_FORM;
        }
        if lookup(&self.corners, c).is_some() {
            bits |= CORNER;
        }
        if self.middle_dots.binary_search(&c).is_ok() {
            bits |= MIDDLE_DOT;
        }
        if self.odd_spaces.binary_search(&c).is_ok() {
            bits |= ODD_SPACE;
        }
        bits
    }

    /// Whether `c` is in one of the tables `flags` names (`SMALL_FORM`, `CORNER`, `MIDDLE_DOT`,
    /// `ODD_SPACE`).
    fn flagged(&self, c: u32, flags: u8) -> bool {
        self.class_bits(c) & flags != 0
    }

    fn class_bits(&self, c: u32) -> u8 {
        match self.bmp.get(c as usize) {
            Some(&b) => b,
            None => self.compute_class(c),
        }
    }

    /// `_strength`: 0 neutral, 1 Chinese, 2 Latin.
    pub fn strength(&self, c: u32) -> u8 {
        self.class_bits(c) & 3
    }

    /// `_classify` (0 for `None`); `NONE` (no character) reads as a space, as `ch or " "`.
    pub fn classify(&self, c: u32) -> u8 {
        (self.class_bits(if c == NONE { SPACE } else { c }) >> 2) & 3
    }

    fn before_open(&self, c: u32) -> bool {
        c == NONE || self.before_open.binary_search(&c).is_ok()
    }

    fn after_close(&self, c: u32) -> bool {
        c == NONE || self.after_close.binary_search(&c).is_ok()
    }

    fn fullwidth(&self, c: u32) -> u32 {
        lookup(&self.fullwidth, c).expect("checked in new")
    }

    /// `punctuation_edits`: every edit of the step on a page text, in the rules' order.
    pub fn page_edits(&self, text: &[u32], convert_corners: bool, range: RangeDash) -> Vec<Edit> {
        self.page_edits_with(text, convert_corners, range, false)
    }

    /// `page_edits`, with the page tables built at once if `tables_first` (for the tests:
    /// the lookups and the tables must answer alike).
    pub fn page_edits_with(
        &self,
        text: &[u32],
        convert_corners: bool,
        range: RangeDash,
        tables_first: bool,
    ) -> Vec<Edit> {
        // The rules decide on the text as the step will write it (idempotence): small forms
        // and converted corner quotes read as what they become (1:1), and so do the full
        // stops, decided first on that view.
        let mut view = text.to_vec();
        let flags = if convert_corners {
            SMALL_FORM | CORNER
        } else {
            SMALL_FORM
        };
        for c in view.iter_mut().filter(|c| self.flagged(**c, flags)) {
            if convert_corners {
                if let Some(r) = lookup(&self.corners, *c) {
                    *c = r;
                }
            }
            if let Some(r) = lookup(&self.small_forms, *c) {
                *c = r;
            }
        }
        let first = Ctx::new(self, &view, tables_first);
        let full_stops = first.full_stops();
        let mut out = Vec::new();
        if full_stops.is_empty() {
            first.rules_after_full_stops(&[], range, &mut out);
        } else {
            drop(first);
            for e in &full_stops {
                view[e.start] = FULL_STOP;
            }
            Ctx::new(self, &view, tables_first).rules_after_full_stops(
                &full_stops,
                range,
                &mut out,
            );
        }
        self.small_forms(text, &mut out);
        if convert_corners {
            self.corner_quotes(text, &mut out);
        }
        out
    }

    /// The edits of the block step on a page's blocks, joined by line breaks into `text`
    /// (`bases`: where each block starts), as `(block, edit in the block)`: decided as if every
    /// odd space were a plain one, without an edit that crosses a line or only changes a space.
    pub fn block_edits(
        &self,
        text: &[u32],
        bases: &[usize],
        convert_corners: bool,
        range: RangeDash,
    ) -> Vec<(usize, Edit)> {
        let seen: Vec<u32> = text
            .iter()
            .map(|&c| if self.flagged(c, ODD_SPACE) { SPACE } else { c })
            .collect();
        self.page_edits(&seen, convert_corners, range)
            .into_iter()
            .filter(|e| {
                !text[e.start..e.end].contains(&LF)
                    && seen[e.start..e.end] != *e.replacement.code_points()
            })
            .map(|e| {
                let k = bases.partition_point(|&b| b <= e.start) - 1;
                let (start, end) = (e.start - bases[k], e.end - bases[k]);
                (k, Edit { start, end, ..e })
            })
            .collect()
    }

    /// One rule on `text` as it is (no view).
    pub fn rule_edits(&self, text: &[u32], rule: Rule) -> Vec<Edit> {
        let mut out = Vec::new();
        match rule {
            Rule::SmallForms => self.small_forms(text, &mut out),
            Rule::CornerQuotes => self.corner_quotes(text, &mut out),
            _ => {
                let ctx = Ctx::new(self, text, false);
                match rule {
                    Rule::AsciiMarks => ctx.marks(&mut out),
                    Rule::Quotes => {
                        ctx.quotes(false, &mut out);
                        ctx.quotes(true, &mut out);
                    }
                    Rule::Parentheses => ctx.parentheses(&mut out),
                    Rule::FullStops => out = ctx.full_stops(),
                    Rule::Ellipses => ctx.ellipses(&mut out),
                    Rule::Dashes => ctx.dashes(&mut out),
                    Rule::RangeDashes(range) => ctx.ranges(range, &mut out),
                    Rule::MiddleDots => ctx.middle_dots(&mut out),
                    Rule::SmallForms | Rule::CornerQuotes => unreachable!(),
                }
            }
        }
        out
    }

    /// `find_punctuation_problems`: the unpaired double quotes, single quotes and parentheses.
    pub fn problems(&self, text: &[u32]) -> [Vec<usize>; 3] {
        let ctx = Ctx::new(self, text, false);
        [
            ctx.quote_pairs(dquote, true).1,
            ctx.quote_pairs(squote, false).1,
            ctx.paren_pairs().1,
        ]
    }

    fn small_forms(&self, text: &[u32], out: &mut Vec<Edit>) {
        for (i, &c) in text.iter().enumerate() {
            if !self.flagged(c, SMALL_FORM) {
                continue;
            }
            if let Some(r) = lookup(&self.small_forms, c) {
                out.push(edit(i, i + 1, Replacement::one(r), Kind::SmallForm));
            }
        }
    }

    fn corner_quotes(&self, text: &[u32], out: &mut Vec<Edit>) {
        for (i, &c) in text.iter().enumerate() {
            if !self.flagged(c, CORNER) {
                continue;
            }
            if let Some(r) = lookup(&self.corners, c) {
                out.push(edit(i, i + 1, Replacement::one(r), Kind::CornerQuote));
            }
        }
    }
}

fn edit(start: usize, end: usize, replacement: Replacement, kind: Kind) -> Edit {
    Edit {
        start,
        end,
        replacement,
        kind,
    }
}

/// How a quote's neighbours read it (`_hint`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Open,
    Close,
    Either,
}

/// Facts about a page text at the positions the rules ask about (`_Context` / `_Tables`).
struct Ctx<'a> {
    rules: &'a Punctuation,
    t: &'a [u32],
    /// `left[i]`: strength of the nearest strong character before `i`; `right[i]`: at or
    /// after `i` (0 if none).
    left: Vec<u8>,
    right: Vec<u8>,
    /// Inside a URL, e-mail address, entity, back-quoted code, tag, attribute, or a line that
    /// reads as markup or code.
    protected: Vec<bool>,
    line_rank: OnceCell<Vec<usize>>,
    /// A question is answered from the few characters around the position asked about (a
    /// mark's nearest letter is usually beside it, and most of a page has no mark): the
    /// characters lookups may still read before `tables` is built and answers.
    budget: Cell<usize>,
    tables: OnceCell<PageTables>,
    /// The last ASCII stretch `prose` looked at, and its answer.
    prose_run: Cell<(usize, usize, bool)>,
}

/// Per-position facts about a whole page text, computed at once in linear time (`_Tables`).
struct PageTables {
    /// Chinese letters (strength 1) before `i`.
    zh_before: Vec<u32>,
    /// The character before `i` / at or after `i` on its line, through quote marks.
    outer_before: Vec<u32>,
    outer_after: Vec<u32>,
    /// The ASCII stretch holding `i` has two Latin words apart.
    prose: Vec<bool>,
}

impl PageTables {
    fn new(rules: &Punctuation, t: &[u32]) -> Self {
        let n = t.len();
        let mut zh_before = Vec::with_capacity(n + 1);
        zh_before.push(0);
        let mut k = 0u32;
        for &c in t {
            k += u32::from(rules.strength(c) == ZH);
            zh_before.push(k);
        }
        let mut outer_before = vec![NONE; n + 1];
        for i in 0..n {
            outer_before[i + 1] = match t[i] {
                LF => NONE,
                c if quote_mark(c) => outer_before[i],
                c => c,
            };
        }
        let mut outer_after = vec![NONE; n + 1];
        for i in (0..n).rev() {
            outer_after[i] = match t[i] {
                LF => NONE,
                c if quote_mark(c) => outer_after[i + 1],
                c => c,
            };
        }
        let mut prose = vec![false; n];
        let mut s = 0;
        while s < n {
            if !ascii_stretch(t[s]) {
                s += 1;
                continue;
            }
            let e = run_of(t, s, ascii_stretch);
            if latin_words(&t[s..e]) {
                prose[s..e].fill(true);
            }
            s = e;
        }
        PageTables {
            zh_before,
            outer_before,
            outer_after,
            prose,
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(rules: &'a Punctuation, t: &'a [u32], tables_first: bool) -> Self {
        let n = t.len();
        let mut left = vec![NEUTRAL; n + 1];
        let mut right = vec![NEUTRAL; n + 1];
        for (i, &c) in t.iter().enumerate() {
            let s = rules.strength(c);
            left[i + 1] = if s != NEUTRAL { s } else { left[i] };
            right[i] = s;
        }
        for i in (0..n).rev() {
            if right[i] == NEUTRAL {
                right[i] = right[i + 1];
            }
        }
        let ctx = Ctx {
            rules,
            t,
            left,
            right,
            protected: protected(t),
            line_rank: OnceCell::new(),
            budget: Cell::new(4 * n + 1024),
            tables: OnceCell::new(),
            prose_run: Cell::new((0, 0, false)),
        };
        if tables_first {
            ctx.budget.set(0);
            ctx.tables();
        }
        ctx
    }

    /// The character before `i` on the same line (`NONE` at a line start).
    fn before(&self, i: usize) -> u32 {
        if i == 0 || self.t[i - 1] == LF {
            NONE
        } else {
            self.t[i - 1]
        }
    }

    /// The character at `i` on the same line (`NONE` at a line end).
    fn after(&self, i: usize) -> u32 {
        match self.t.get(i) {
            Some(&c) if c != LF => c,
            _ => NONE,
        }
    }

    fn digit_between(&self, start: usize, end: usize) -> bool {
        ascii_digit(self.before(start)) && ascii_digit(self.after(end))
    }

    /// Spend `cost` characters of lookups; once they have read more than a few times the
    /// text, the page tables are built and answer instead (linear on hostile input).
    fn spend(&self, cost: usize) {
        self.budget.set(self.budget.get().saturating_sub(cost));
        if self.budget.get() == 0 {
            self.tables();
        }
    }

    fn tables(&self) -> &PageTables {
        self.tables
            .get_or_init(|| PageTables::new(self.rules, self.t))
    }

    /// `text[start:end]` holds a Chinese letter (strength 1).
    fn has_chinese(&self, start: usize, end: usize) -> bool {
        if let Some(tables) = self.tables.get() {
            return tables.zh_before[end] > tables.zh_before[start];
        }
        let found = self.t[start..end]
            .iter()
            .position(|&c| self.rules.strength(c) == ZH);
        self.spend(found.unwrap_or(end - start) + 1);
        found.is_some()
    }

    /// `text[start:end]` has a Chinese-context letter on either side.
    fn chinese(&self, start: usize, end: usize) -> bool {
        self.left[start] == ZH || self.right[end] == ZH
    }

    /// A mark at `text[start:end]` belongs to Chinese text (`attached_chinese`).
    fn attached_chinese(&self, start: usize, end: usize) -> bool {
        match self.left[start] {
            ZH => true,
            LATIN if self.prose(start) => false,
            _ => self.right[end] == ZH,
        }
    }

    /// The character before `i` on its line, looking through quote marks (`NONE` if none).
    fn outer_before(&self, i: usize) -> u32 {
        if let Some(tables) = self.tables.get() {
            return tables.outer_before[i];
        }
        let t = self.t;
        let k = t[..i].iter().rposition(|&c| !quote_mark(c));
        self.spend(i - k.map_or(0, |k| k + 1) + 1);
        match k {
            Some(k) if t[k] != LF => t[k],
            _ => NONE,
        }
    }

    /// The character at or after `i` on its line, looking through quote marks.
    fn outer_after(&self, i: usize) -> u32 {
        if let Some(tables) = self.tables.get() {
            return tables.outer_after[i];
        }
        let t = self.t;
        let k = t[i..].iter().position(|&c| !quote_mark(c)).map(|k| i + k);
        self.spend(k.unwrap_or(t.len()) - i + 1);
        match k {
            Some(k) if t[k] != LF => t[k],
            _ => NONE,
        }
    }

    /// The ASCII stretch holding `i` has two Latin words apart (English text).
    fn prose(&self, i: usize) -> bool {
        if let Some(tables) = self.tables.get() {
            return tables.prose[i];
        }
        let (start, end, value) = self.prose_run.get();
        if start <= i && i < end {
            return value;
        }
        let t = self.t;
        if !ascii_stretch(t[i]) {
            return false;
        }
        let start = t[..i]
            .iter()
            .rposition(|&c| !ascii_stretch(c))
            .map_or(0, |k| k + 1);
        let end = t[i..]
            .iter()
            .position(|&c| !ascii_stretch(c))
            .map_or(t.len(), |k| i + k);
        let value = latin_words(&t[start..end]);
        self.prose_run.set((start, end, value));
        self.spend(end - start);
        value
    }

    /// For each line, how many non-blank lines come before it (`line_rank`).
    fn line_rank(&self) -> &[usize] {
        self.line_rank.get_or_init(|| {
            let mut rank = vec![0];
            let mut blank = true;
            for &c in self.t {
                if c == LF {
                    let last = *rank.last().unwrap();
                    rank.push(last + usize::from(!blank));
                    blank = true;
                } else if blank && !is_py_space(c) {
                    blank = false;
                }
            }
            rank
        })
    }

    /// The rules of a page in their order, on the view with its full stops written.
    fn rules_after_full_stops(&self, full_stops: &[Edit], range: RangeDash, out: &mut Vec<Edit>) {
        self.marks(out);
        self.quotes(false, out);
        self.quotes(true, out);
        self.parentheses(out);
        self.ellipses(out);
        out.extend_from_slice(full_stops);
        self.dashes(out);
        self.ranges(range, out);
        self.middle_dots(out);
    }

    // --- ASCII marks --------------------------------------------------------------------

    /// `_convert_marks`: `, ; : ? !` to full width where they belong to Chinese text.
    fn marks(&self, out: &mut Vec<Edit>) {
        let t = self.t;
        let n = t.len();
        let mut last_end = 0;
        for i in 0..n {
            let Some(k) = MARKS.iter().position(|&m| m == t[i]) else {
                continue;
            };
            if self.protected[i] || self.digit_between(i, i + 1) {
                continue; // 1,000  10:30  1:1  and marks inside URLs, e-mail, entities, code
            }
            if t[i] == cp('!') && self.after(i + 1) == cp('=') {
                continue; // a != b
            }
            if !self.attached_chinese(i, i + 1) {
                continue;
            }
            // Full-width marks carry their own spacing: the spaces around go with them.
            let mut s = i;
            while s > last_end && absorbed_space(t[s - 1]) {
                s -= 1;
            }
            let mut e = i + 1;
            while e < n && absorbed_space(t[e]) {
                e += 1;
            }
            let r = Replacement::one(self.rules.fullwidth(t[i]));
            out.push(edit(s, e, r, Kind::mark(k)));
            last_end = e;
        }
    }

    // --- quotes -------------------------------------------------------------------------

    fn hint(&self, i: usize) -> Hint {
        match self.t[i] {
            LEFT_DQUOTE | LEFT_SQUOTE => return Hint::Open,
            RIGHT_DQUOTE | RIGHT_SQUOTE => return Hint::Close,
            _ => {}
        }
        let opens = self.rules.before_open(self.outer_before(i));
        let closes = self.rules.after_close(self.outer_after(i + 1));
        match (opens, closes) {
            (true, false) => Hint::Open,
            (false, true) => Hint::Close,
            _ => Hint::Either,
        }
    }

    fn is_apostrophe(&self, i: usize) -> bool {
        let (before, after) = (self.outer_before(i), self.outer_after(i + 1));
        if ascii_alnum(before) && (ascii_alnum(after) || self.rules.after_close(after)) {
            return true; // don't, it's, students'
        }
        self.rules.before_open(before) && ascii_digit(after) // '90s
    }

    /// `_quote_pairs`: pair the quotes of `marks` greedily in reading order; the pairs and
    /// the strays.
    fn quote_pairs(
        &self,
        marks: impl Fn(u32) -> bool,
        cross_lines: bool,
    ) -> (Vec<(usize, usize)>, Vec<usize>) {
        let t = self.t;
        let mut tokens = Vec::new();
        let mut line_of = Vec::new();
        let mut line = 0;
        for (i, &c) in t.iter().enumerate() {
            if c == LF {
                line += 1;
            } else if marks(c)
                && !self.protected[i]
                && !(squote(c) && c != LEFT_SQUOTE && self.is_apostrophe(i))
            {
                tokens.push(i);
                line_of.push(line);
            }
        }
        // The number of tokens on each token's line (line_of is sorted).
        let mut on_line = vec![0usize; tokens.len()];
        let mut k = 0;
        while k < tokens.len() {
            let mut e = k;
            while e < tokens.len() && line_of[e] == line_of[k] {
                e += 1;
            }
            on_line[k..e].fill(e - k);
            k = e;
        }
        let line_rank: &[usize] = if cross_lines && !tokens.is_empty() {
            self.line_rank()
        } else {
            &[]
        };
        let may_pair = |a: usize, b: usize| -> bool {
            if line_of[a] == line_of[b] {
                return true;
            }
            // A quotation over line breaks: the opener is the last quote on its line, the
            // closer the first on a line at most QUOTE_LINES further, both lines odd.
            cross_lines
                && line_rank[line_of[b]] - line_rank[line_of[a]] <= QUOTE_LINES
                && (a + 1 == tokens.len() || line_of[a + 1] != line_of[a])
                && (b == 0 || line_of[b - 1] != line_of[b])
                && on_line[a] % 2 == 1
                && on_line[b] % 2 == 1
        };
        let mut pairs = Vec::new();
        let mut strays = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            let a = tokens[k];
            if self.hint(a) != Hint::Close && k + 1 < tokens.len() {
                let b = tokens[k + 1];
                if self.hint(b) != Hint::Open && may_pair(k, k + 1) {
                    pairs.push((a, b));
                    k += 2;
                    continue;
                }
            }
            strays.push(a);
            k += 1;
        }
        (pairs, strays)
    }

    /// `_quote_edits`: ASCII quotes paired into curly ones around or beside Chinese text.
    fn quotes(&self, single: bool, out: &mut Vec<Edit>) {
        let t = self.t;
        let marks: fn(u32) -> bool = if single { squote } else { dquote };
        if !t.iter().any(|&c| marks(c) && !curly(c)) {
            return; // curly quotes alone are never edited
        }
        let (pairs, strays) = self.quote_pairs(marks, !single);
        let (opener, closer, kind) = if single {
            (LEFT_SQUOTE, RIGHT_SQUOTE, Kind::SingleQuotes)
        } else {
            (LEFT_DQUOTE, RIGHT_DQUOTE, Kind::DoubleQuotes)
        };
        if !single {
            // A quotation cut off still has an obvious direction at a line's start or after
            // a space before a Chinese character, or the reverse.
            for i in strays {
                if curly(t[i]) {
                    continue;
                }
                match self.hint(i) {
                    Hint::Open if self.rules.classify(self.outer_after(i + 1)) == ZH => {
                        out.push(edit(
                            i,
                            i + 1,
                            Replacement::one(opener),
                            Kind::UnpairedOpening,
                        ));
                    }
                    Hint::Close if self.rules.classify(self.outer_before(i)) == ZH => {
                        out.push(edit(
                            i,
                            i + 1,
                            Replacement::one(closer),
                            Kind::UnpairedClosing,
                        ));
                    }
                    _ => {}
                }
            }
        }
        for (a, b) in pairs {
            let (curly_a, curly_b) = (curly(t[a]), curly(t[b]));
            if curly_a && curly_b {
                continue;
            }
            // Single quotes double as apostrophes: only around Chinese words.
            if self.has_chinese(a + 1, b)
                || curly_a
                || curly_b
                || (!single && self.chinese(a, b + 1))
            {
                if !curly_a {
                    out.push(edit(a, a + 1, Replacement::one(opener), kind));
                }
                if !curly_b {
                    out.push(edit(b, b + 1, Replacement::one(closer), kind));
                }
            }
        }
    }

    // --- parentheses --------------------------------------------------------------------

    /// `_paren_pairs`: match openers with closers; a pair may run over one line break.
    fn paren_pairs(&self) -> (Vec<(usize, usize)>, Vec<usize>) {
        let t = self.t;
        let mut stack: Vec<(usize, usize)> = Vec::new(); // (position, line); dead below floor
        let mut floor = 0;
        let mut pairs = Vec::new();
        let mut strays = Vec::new();
        let mut line = 0;
        for (i, &c) in t.iter().enumerate() {
            if c == LF {
                line += 1;
                if floor == stack.len() {
                    continue;
                }
                // Openers from two (non-blank) lines back can no longer be closed.
                let rank = self.line_rank();
                let near = rank[line] as isize - 1;
                while floor < stack.len() && (rank[stack[floor].1] as isize) < near {
                    strays.push(stack[floor].0);
                    floor += 1;
                }
            } else if (open_paren(c) || close_paren(c)) && self.protected[i] {
                continue;
            } else if open_paren(c) {
                stack.push((i, line));
            } else if close_paren(c) {
                if stack.len() > floor {
                    pairs.push((stack.pop().unwrap().0, i));
                } else {
                    strays.push(i);
                }
            }
        }
        strays.extend(stack[floor..].iter().map(|&(p, _)| p));
        strays.sort_unstable();
        (pairs, strays)
    }

    /// `_paren_edits`: ASCII parentheses around Chinese or in Chinese context to full width.
    fn parentheses(&self, out: &mut Vec<Edit>) {
        let t = self.t;
        let (open, close) = (cp('('), cp(')'));
        if !t.iter().any(|&c| c == open || c == close) {
            return; // only ASCII parentheses are edited
        }
        let (pairs, strays) = self.paren_pairs();
        let (wide_open, wide_close) = (cp('（'), cp('）'));
        for (a, b) in pairs {
            if t[a] == wide_open && t[b] == wide_close {
                continue;
            }
            let formula = ascii_alnum(self.before(a)); // f(x), 2(a+b), item(s)
            if self.has_chinese(a + 1, b) || (!formula && self.chinese(a, b + 1)) {
                if t[a] == open {
                    out.push(edit(
                        a,
                        a + 1,
                        Replacement::one(wide_open),
                        Kind::Parenthesis,
                    ));
                }
                if t[b] == close {
                    out.push(edit(
                        b,
                        b + 1,
                        Replacement::one(wide_close),
                        Kind::Parenthesis,
                    ));
                }
            }
        }
        for i in strays {
            // An unpaired one between two Chinese characters is wrong either way.
            if (t[i] == open || t[i] == close)
                && self.rules.classify(self.before(i)) == ZH
                && self.rules.classify(self.after(i + 1)) == ZH
            {
                let r = Replacement::one(self.rules.fullwidth(t[i]));
                out.push(edit(i, i + 1, r, Kind::Parenthesis));
            }
        }
    }

    // --- full stops, ellipses, dashes, dots ----------------------------------------------

    /// `_full_stop_edits`: a `.` after a Han character that ends the sentence, to `。`.
    fn full_stops(&self) -> Vec<Edit> {
        let t = self.t;
        let mut out = Vec::new();
        let mut line: Option<LineFacts> = None;
        let mut line_start = 0;
        let mut seen = 0;
        for i in 0..t.len() {
            let Some(han_after) = full_stop_at(t, i) else {
                continue;
            };
            if self.protected[i] {
                continue;
            }
            if let Some(k) = t[seen..i].iter().rposition(|&c| c == LF) {
                line_start = seen + k + 1;
            }
            seen = i;
            if line.as_ref().is_none_or(|l| l.start != line_start) {
                line = Some(LineFacts::new(t, line_start));
            }
            let line = line.as_mut().unwrap();
            if line.numeral_item(i) {
                continue; // `一.` `十二.` at a line start number a list
            }
            if han_after && !line.han_dot_is_full_stop(t, i) {
                continue;
            }
            out.push(edit(i, i + 1, Replacement::one(FULL_STOP), Kind::FullStop));
        }
        out
    }

    /// `_ellipsis_edits`: `...` `。。。` `．．．` `…` `···` to `……` in Chinese context.
    fn ellipses(&self, out: &mut Vec<Edit>) {
        let t = self.t;
        let mut p = 0;
        while p < t.len() {
            let Some(e) = ellipsis_at(t, p) else {
                p += 1;
                continue;
            };
            let s = p;
            p = e;
            if self.protected[s] || self.digit_between(s, e) {
                continue; // 1...10
            }
            if t[s] == FULL_STOP || self.attached_chinese(s, e) {
                out.push(edit(s, e, Replacement::two('…'), Kind::Ellipsis));
            }
        }
    }

    /// `_dash_edits`: `--` `－－` `――` to `——` in Chinese context, and a line's leading dash
    /// before Chinese.
    fn dashes(&self, out: &mut Vec<Edit>) {
        let t = self.t;
        let n = t.len();
        let mut p = 0;
        while p < n {
            // `-{2,}|－{2,}|―{2,}`
            let c = t[p];
            let mut e = p;
            if matches!(c, 0x2D | 0xFF0D | 0x2015) {
                while e < n && t[e] == c {
                    e += 1;
                }
            }
            if e - p < 2 {
                p += 1;
                continue;
            }
            let s = p;
            p = e;
            if self.protected[s] || self.digit_between(s, e) || !self.attached_chinese(s, e) {
                continue;
            }
            out.push(edit(s, e, Replacement::two('—'), Kind::Dash));
        }
        // `(?m)^[ \t\u3000#>*]*([—―])(?![—―])`: a lone leading dash before Chinese (a
        // subtitle) is a 破折号 cut to one character; between words it is a connecting dash.
        let mut start = 0;
        while start <= n {
            let mut j = start;
            while j < n && matches!(t[j], 0x20 | 0x09 | 0x3000 | 0x23 | 0x3E | 0x2A) {
                j += 1;
            }
            let dash = |k: usize| k < n && matches!(t[k], 0x2014 | 0x2015);
            if dash(j) && !dash(j + 1) {
                let (s, e) = (j, j + 1);
                if !self.protected[s] && self.rules.classify(self.after(e)) == ZH {
                    out.push(edit(s, e, Replacement::two('—'), Kind::LeadingDash));
                }
            }
            match t[j.min(n)..].iter().position(|&c| c == LF) {
                Some(k) => start = j + k + 1,
                None => break,
            }
        }
    }

    /// `_range_edits`: the dash of a range of years, or of numbers before a unit, per
    /// `range`.
    fn ranges(&self, range: RangeDash, out: &mut Vec<Edit>) {
        let (new, kind) = match range {
            RangeDash::Keep => return,
            RangeDash::Em => (cp('—'), Kind::RangeEm),
            RangeDash::Wave => (cp('～'), Kind::RangeWave),
        };
        let t = self.t;
        let mut p = 0;
        while p < t.len() {
            let Some(m) = range_at(t, p) else {
                p += 1;
                continue;
            };
            p = m.end;
            if self.protected[m.dash] || !self.chinese(m.start, m.end) {
                continue;
            }
            let (first, second) = (&t[m.start..m.end1], &t[m.start3..m.end]);
            let years = year(first) && year(second) && first <= second;
            let after = self.after(m.end);
            let unit = self.rules.classify(after) == ZH || after == cp('%');
            if !(years || unit) {
                continue; // a phone number 023-6386 or a code
            }
            if t[m.end1..m.start3] != [new] {
                out.push(edit(m.end1, m.start3, Replacement::one(new), kind));
            }
        }
    }

    /// `_middle_dot_edits`: bullets and katakana dots between Chinese characters to `·`.
    fn middle_dots(&self, out: &mut Vec<Edit>) {
        for (i, &c) in self.t.iter().enumerate() {
            if !self.rules.flagged(c, MIDDLE_DOT) {
                continue;
            }
            let (before, after) = (self.before(i), self.after(i + 1));
            if before != NONE
                && after != NONE
                && self.rules.classify(before) == ZH
                && self.rules.classify(after) == ZH
            {
                out.push(edit(
                    i,
                    i + 1,
                    Replacement::one(INTERPUNCT),
                    Kind::MiddleDot,
                ));
            }
        }
    }
}

/// Between two Han characters a `.` is taken for a full stop only on a line typed with ASCII
/// punctuation (`_han_dot_is_full_stop`); what that asks of a line, found once per line.
struct LineFacts {
    start: usize,
    end: usize,
    /// `[ \t\u3000]*` and then `[一二三四五六七八九十百零〇]+` from the line's start: where
    /// each ends (`_CHINESE_NUMERAL_ITEM`).
    indent: usize,
    numerals: usize,
    /// The line writes no `。，·` and matches `_ASCII_TYPED`.
    typed: bool,
    /// The spans of `_HAN_DOT_CHAIN`'s matches (page offsets).
    chains: Vec<(usize, usize)>,
    /// `《` minus `》` before `counted`.
    open_titles: isize,
    counted: usize,
}

impl LineFacts {
    fn new(t: &[u32], start: usize) -> Self {
        let end = t[start..]
            .iter()
            .position(|&c| c == LF)
            .map_or(t.len(), |k| start + k);
        let line = &t[start..end];
        let indent = start + run_of(line, 0, |c| matches!(c, 0x20 | 0x09 | 0x3000));
        let numerals = run_of(t, indent, |c| {
            "一二三四五六七八九十百零〇".chars().any(|n| n as u32 == c)
        });
        let own_marks = line
            .iter()
            .any(|&c| c == FULL_STOP || c == cp('，') || c == INTERPUNCT);
        let typed = !own_marks && ascii_typed(line);
        let chains = if typed {
            han_dot_chains(line)
                .into_iter()
                .map(|(s, e)| (start + s, start + e))
                .collect()
        } else {
            Vec::new()
        };
        LineFacts {
            start,
            end,
            indent,
            numerals,
            typed,
            chains,
            open_titles: 0,
            counted: start,
        }
    }

    /// `_CHINESE_NUMERAL_ITEM` matches the line before `i`: `[ \t\u3000]*[一…〇]+` and no more.
    fn numeral_item(&self, i: usize) -> bool {
        self.indent < i && i <= self.numerals
    }

    /// For the dots of a line in reading order.
    fn han_dot_is_full_stop(&mut self, t: &[u32], i: usize) -> bool {
        debug_assert!(self.start <= i && i < self.end && self.counted <= i);
        if !self.typed {
            return false;
        }
        for &c in &t[self.counted..i] {
            if c == cp('《') {
                self.open_titles += 1;
            } else if c == cp('》') {
                self.open_titles -= 1;
            }
        }
        self.counted = i;
        self.open_titles <= 0 && !self.chains.iter().any(|&(s, e)| s <= i && i < e)
    }
}

/// `_FULL_STOP` at `i`: `(?<=\p{Han})(?<!\.)\.(?!\.)(?=(?P<han>\p{Han})|["'”’）)」』》】\]]*+[ ]*+(?:\n|$))`;
/// whether the `han` group took part.
fn full_stop_at(t: &[u32], i: usize) -> Option<bool> {
    if t[i] != cp('.') || i == 0 || !is_han(t[i - 1]) {
        return None;
    }
    match t.get(i + 1) {
        Some(&c) if c == cp('.') => return None,
        Some(&c) if is_han(c) => return Some(true),
        _ => {}
    }
    let mut j = i + 1;
    while j < t.len()
        && matches!(
            t[j],
            0x22 | 0x27
                | 0x201D
                | 0x2019
                | 0xFF09
                | 0x29
                | 0x300D
                | 0x300F
                | 0x300B
                | 0x3011
                | 0x5D
        )
    {
        j += 1;
    }
    while j < t.len() && t[j] == SPACE {
        j += 1;
    }
    (j == t.len() || t[j] == LF).then_some(false)
}

fn ascii_mark(c: u32) -> bool {
    matches!(c, 0x2C | 0x3B | 0x3A | 0x3F | 0x21)
}

/// `_ASCII_TYPED.search(line)`: `\p{Han}[ ]?[,;:?!]|[,;:?!][ ]?\p{Han}|\p{Han}\.[ ]*$`.
fn ascii_typed(line: &[u32]) -> bool {
    let at = |k: usize| line.get(k).copied().unwrap_or(NONE);
    // Where the line's trailing spaces start (`[ ]*$`).
    let tail = line.iter().rposition(|&c| c != SPACE).map_or(0, |k| k + 1);
    for (p, &c) in line.iter().enumerate() {
        if is_han(c) {
            let q = if at(p + 1) == SPACE { p + 2 } else { p + 1 };
            if ascii_mark(at(q)) || ascii_mark(at(p + 1)) {
                return true;
            }
            if at(p + 1) == cp('.') && p + 2 >= tail {
                return true;
            }
        } else if ascii_mark(c) {
            let q = if at(p + 1) == SPACE { p + 2 } else { p + 1 };
            if is_han(at(q)) || is_han(at(p + 1)) {
                return true;
            }
        }
    }
    false
}

/// The matches of `_HAN_DOT_CHAIN` (`\p{Han}+\.\p{Han}+\.\p{Han}`, finditer) in a line.
fn han_dot_chains(line: &[u32]) -> Vec<(usize, usize)> {
    let n = line.len();
    let run = |mut k: usize| {
        while k < n && is_han(line[k]) {
            k += 1;
        }
        k
    };
    let mut found = Vec::new();
    let mut p = 0;
    while p < n {
        if !is_han(line[p]) {
            p += 1;
            continue;
        }
        // Every start inside this first run meets the same dot: one answer for all of them.
        let a = run(p);
        let matched = (|| {
            if a >= n || line[a] != cp('.') {
                return None;
            }
            let b = run(a + 1);
            if b == a + 1 || b >= n || line[b] != cp('.') {
                return None;
            }
            (b + 1 < n && is_han(line[b + 1])).then_some(b + 2)
        })();
        match matched {
            Some(e) => {
                found.push((p, e));
                p = e;
            }
            None => p = a,
        }
    }
    found
}

/// `_ELLIPSIS` at `p`: `\.{3,}|。{3,}|．{3,}|(?<!…)…(?!…)|[·•・]{3,}`, its end.
fn ellipsis_at(t: &[u32], p: usize) -> Option<usize> {
    let n = t.len();
    let c = t[p];
    let run = |member: &dyn Fn(u32) -> bool| {
        let mut e = p;
        while e < n && member(t[e]) {
            e += 1;
        }
        (e - p >= 3).then_some(e)
    };
    match c {
        0x2E | 0x3002 | 0xFF0E => run(&|x| x == c),
        0x2026 => {
            let alone = (p == 0 || t[p - 1] != c) && t.get(p + 1) != Some(&c);
            alone.then_some(p + 1)
        }
        0xB7 | 0x2022 | 0x30FB => run(&|x| matches!(x, 0xB7 | 0x2022 | 0x30FB)),
        _ => None,
    }
}

/// A match of `_RANGE`: `(?<![\d.\-/]|\d:)(\d{1,4})[ ]?([-–—－~～])[ ]?(\d{1,4})(?![\d.\-/]|:\d)`.
struct RangeMatch {
    start: usize,
    end1: usize,
    dash: usize,
    start3: usize,
    end: usize,
}

fn range_at(t: &[u32], p: usize) -> Option<RangeMatch> {
    let n = t.len();
    let at = |k: usize| t.get(k).copied().unwrap_or(NONE);
    let number_mark = |c: u32| c != NONE && (is_digit(c) || matches!(c, 0x2D..=0x2F)); // - . /
    if p > 0 && number_mark(t[p - 1]) {
        return None;
    }
    if p > 1 && t[p - 1] == cp(':') && is_digit(t[p - 2]) {
        return None;
    }
    let digits = |k: usize| {
        let mut e = k;
        while e < n && is_digit(t[e]) {
            e += 1;
        }
        (1..=4).contains(&(e - k)).then_some(e)
    };
    let end1 = digits(p)?;
    let dash = if at(end1) == SPACE { end1 + 1 } else { end1 };
    if !matches!(at(dash), 0x2D | 0x2013 | 0x2014 | 0xFF0D | 0x7E | 0xFF5E) {
        return None;
    }
    let start3 = if at(dash + 1) == SPACE {
        dash + 2
    } else {
        dash + 1
    };
    let end = digits(start3)?;
    if number_mark(at(end)) || (at(end) == cp(':') && is_digit(at(end + 1))) {
        return None;
    }
    Some(RangeMatch {
        start: p,
        end1,
        dash,
        start3,
        end,
    })
}

/// `_YEAR.fullmatch`: `1[89]\d\d|20\d\d` (the digits are `\d` already).
fn year(s: &[u32]) -> bool {
    s.len() == 4
        && ((s[0] == cp('1') && (s[1] == cp('8') || s[1] == cp('9')))
            || (s[0] == cp('2') && s[1] == cp('0')))
}

/// `[\x00-\x09\x0b-\x7f]`: the ASCII of a stretch `prose` reads.
fn ascii_stretch(c: u32) -> bool {
    c < 0x80 && c != LF
}

/// `_LATIN_WORDS.search`: `(?<![A-Za-z])[A-Za-z]++[,;:]?[ ]++[A-Za-z]`.
fn latin_words(s: &[u32]) -> bool {
    let n = s.len();
    let mut p = 0;
    while p < n {
        if !ascii_letter(s[p]) {
            p += 1;
            continue;
        }
        let mut q = p;
        while q < n && ascii_letter(s[q]) {
            q += 1;
        }
        let mut r = q;
        if r < n && matches!(s[r], 0x2C | 0x3B | 0x3A) {
            r += 1;
        }
        let spaces = r;
        while r < n && s[r] == SPACE {
            r += 1;
        }
        if r > spaces && r < n && ascii_letter(s[r]) {
            return true;
        }
        p = q; // a start inside the word has a letter behind it
    }
    false
}

/// Quotations pair over at most this many (non-blank) lines (`_QUOTE_LINES`).
const QUOTE_LINES: usize = 3;

// --- protected spans: `_PROTECTED` and `_looks_like_code` ------------------------------------

/// The characters of `s` from `p` while `member`: the position after them.
fn run_of(s: &[u32], p: usize, member: impl Fn(u32) -> bool) -> usize {
    let mut e = p;
    while e < s.len() && member(s[e]) {
        e += 1;
    }
    e
}

/// `s[p..]` starts with `word`: the position after it.
fn word_at(s: &[u32], p: usize, word: &str) -> Option<usize> {
    let mut q = p;
    for c in word.chars() {
        if s.get(q) != Some(&(c as u32)) {
            return None;
        }
        q += 1;
    }
    Some(q)
}

/// `[A-Za-z0-9\-._~:/?#\[\]@!$&*+;=%,'()]`: a URL's characters.
fn url_char(c: u32) -> bool {
    ascii_alnum(c) || (c < 0x80 && b"-._~:/?#[]@!$&*+;=%,'()".contains(&(c as u8)))
}

/// `[A-Za-z0-9\-._~:/?#@!$&*+;=%]`: the characters of a URL starting `www.`.
fn www_char(c: u32) -> bool {
    ascii_alnum(c) || (c < 0x80 && b"-._~:/?#@!$&*+;=%".contains(&(c as u8)))
}

/// `[A-Za-z0-9/#=&%~_\-]`: how a URL ends.
fn url_end(c: u32) -> bool {
    ascii_alnum(c) || (c < 0x80 && b"/#=&%~_-".contains(&(c as u8)))
}

/// `[A-Za-z0-9._%+\-]`: an e-mail address's local part.
fn local_char(c: u32) -> bool {
    ascii_alnum(c) || (c < 0x80 && b"._%+-".contains(&(c as u8)))
}

/// `[A-Za-z0-9\-]`: a domain label.
fn domain_char(c: u32) -> bool {
    ascii_alnum(c) || c == cp('-')
}

/// `[A-Za-z0-9_:\-]`: an attribute name after its first letter.
fn name_char(c: u32) -> bool {
    ascii_alnum(c) || matches!(c, 0x5F | 0x3A | 0x2D)
}

fn name_start(c: u32) -> bool {
    ascii_letter(c) || c == cp('_')
}

/// `[chars]*[url_end]` from `q` (greedy): the position after the run's last `url_end`.
fn url_tail(s: &[u32], q: usize, chars: fn(u32) -> bool) -> Option<usize> {
    let r = run_of(s, q, chars);
    s[q..r].iter().rposition(|&c| url_end(c)).map(|k| q + k + 1)
}

/// From `q` (after an opening `quote`), `[^quote\n]{0,limit}` and the closing `quote`: the
/// position after it.
fn closed(s: &[u32], q: usize, quote: u32, limit: usize) -> Option<usize> {
    let mut j = q;
    while j < s.len() && s[j] != quote && s[j] != LF {
        if j - q == limit {
            return None;
        }
        j += 1;
    }
    (j < s.len() && s[j] == quote).then_some(j + 1)
}

/// `(?<![A-Za-z0-9_:\-])[A-Za-z_][A-Za-z0-9_:\-]{0,40}=[ ]?` at `p`: the position after it.
fn assignment_at(s: &[u32], p: usize) -> Option<usize> {
    if !name_start(s[p]) || (p > 0 && name_char(s[p - 1])) {
        return None;
    }
    let r = run_of(s, p + 1, name_char);
    if r - (p + 1) > 40 || s.get(r) != Some(&cp('=')) {
        return None;
    }
    Some(if s.get(r + 1) == Some(&SPACE) {
        r + 2
    } else {
        r + 1
    })
}

/// A match of `_PROTECTED` at `p` (its alternatives in order): its end.
fn protected_at(s: &[u32], p: usize) -> Option<usize> {
    let n = s.len();
    let c = s[p];
    if c >= 0x80 {
        return None; // every alternative starts with an ASCII character
    }
    // (?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&*+;=%,'()]*[A-Za-z0-9/#=&%~_\-]
    if c == cp('h') || c == cp('f') {
        let scheme = word_at(s, p, "https://")
            .or_else(|| word_at(s, p, "http://"))
            .or_else(|| word_at(s, p, "ftp://"));
        if let Some(e) = scheme.and_then(|q| url_tail(s, q, url_char)) {
            return Some(e);
        }
    }
    // (?<![A-Za-z0-9.])www\.[A-Za-z0-9\-._~:/?#@!$&*+;=%]*[A-Za-z0-9/#=&%~_\-]
    if c == cp('w') && (p == 0 || !(ascii_alnum(s[p - 1]) || s[p - 1] == cp('.'))) {
        if let Some(e) = word_at(s, p, "www.").and_then(|q| url_tail(s, q, www_char)) {
            return Some(e);
        }
    }
    // (?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++
    if local_char(c) && (p == 0 || !local_char(s[p - 1])) {
        let at = run_of(s, p, local_char);
        if s.get(at) == Some(&cp('@')) {
            let mut e = run_of(s, at + 1, domain_char);
            let mut labels = 0;
            while e > at + 1 && e + 1 < n && s[e] == cp('.') && domain_char(s[e + 1]) {
                e = run_of(s, e + 1, domain_char);
                labels += 1;
            }
            if labels > 0 {
                return Some(e);
            }
        }
    }
    match c {
        // &\#?[A-Za-z0-9]{0,10}(?:\n[A-Za-z0-9]{0,10})?;   an entity, perhaps cut by a break
        0x26 => {
            let q = if s.get(p + 1) == Some(&cp('#')) {
                p + 2
            } else {
                p + 1
            };
            let r = run_of(s, q, ascii_alnum);
            if r - q > 10 {
                return None;
            }
            match s.get(r) {
                Some(&0x3B) => Some(r + 1),
                Some(&LF) => {
                    let r2 = run_of(s, r + 1, ascii_alnum);
                    (r2 - (r + 1) <= 10 && s.get(r2) == Some(&0x3B)).then_some(r2 + 1)
                }
                _ => None,
            }
        }
        // `[^`\n]{1,200}`
        0x60 => closed(s, p + 1, c, 200).filter(|&e| e > p + 2),
        // <[A-Za-z/!?][^<>\n]{0,500}>
        0x3C => {
            let second = s.get(p + 1).copied().unwrap_or(NONE);
            if !(ascii_letter(second) || matches!(second, 0x2F | 0x21 | 0x3F)) {
                return None;
            }
            let mut j = p + 2;
            while j < n && !matches!(s[j], 0x3C | 0x3E | LF) {
                if j - (p + 2) == 500 {
                    return None;
                }
                j += 1;
            }
            (j < n && s[j] == cp('>')).then_some(j + 1)
        }
        // (?<![A-Za-z0-9_:\-])[A-Za-z_][A-Za-z0-9_:\-]{0,40}=[ ]?(?:"[^"\n]{0,300}"|'[^'\n]{0,300}')
        _ => {
            let q = assignment_at(s, p)?;
            match s.get(q) {
                Some(&quote) if quote == cp('"') || quote == cp('\'') => {
                    closed(s, q + 1, quote, 300)
                }
                _ => None,
            }
        }
    }
}

/// `_looks_like_code`: two attribute assignments (`_ATTRIBUTE`), `function(`, or a `{…}`
/// holding a `;` (`_CODE`).
fn looks_like_code(line: &[u32]) -> bool {
    let n = line.len();
    // Each pattern holds one of these (the common line has none).
    if !line
        .iter()
        .any(|&c| c == cp('=') || c == cp('{') || c == cp('f'))
    {
        return false;
    }
    // (?<![A-Za-z0-9_:\-])[A-Za-z_][A-Za-z0-9_:\-]{0,40}=[ ]?["'“”], non-overlapping
    let mut assignments = 0;
    let mut p = 0;
    while p < n {
        match assignment_at(line, p) {
            Some(q) if q < n && matches!(line[q], 0x22 | 0x27 | 0x201C | 0x201D) => {
                assignments += 1;
                if assignments == 2 {
                    return true;
                }
                p = q + 1;
            }
            _ => p += 1,
        }
    }
    for p in 0..n {
        // (?<![A-Za-z0-9_$])function[ ]?\(
        let word_before = |c: u32| ascii_alnum(c) || c == cp('_') || c == cp('$');
        if line[p] == cp('f') && (p == 0 || !word_before(line[p - 1])) {
            if let Some(q) = word_at(line, p, "function") {
                let q = if line.get(q) == Some(&SPACE) {
                    q + 1
                } else {
                    q
                };
                if line.get(q) == Some(&cp('(')) {
                    return true;
                }
            }
        }
        // \{[^{}\n]{0,300};[^{}\n]{0,300}\}
        if line[p] == cp('{') {
            let j = run_of(line, p + 1, |c| !matches!(c, 0x7B | 0x7D | LF));
            if j < n
                && line[j] == cp('}')
                && (p + 1..j)
                    .any(|k| line[k] == cp(';') && k - (p + 1) <= 300 && j - (k + 1) <= 300)
            {
                return true;
            }
        }
    }
    false
}

/// Which characters of a page are inside a protected span.
fn protected(t: &[u32]) -> Vec<bool> {
    let n = t.len();
    let mut prot = vec![false; n];
    let mut p = 0;
    while p < n {
        match protected_at(t, p) {
            Some(e) => {
                prot[p..e].fill(true);
                p = e;
            }
            None => p += 1,
        }
    }
    let mut start = 0;
    for line in t.split(|&c| c == LF) {
        if looks_like_code(line) {
            prot[start..start + line.len()].fill(true);
        }
        start += line.len() + 1;
    }
    prot
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Punctuation {
        let neutral: Vec<u32> = " \t\n\u{3000}\u{a0},;:?!()[]{}\"'.-–—―…·•~%‰+*/=#&_@°$¥€£<>|\\^`，；：？！（）“”‘’「」『』＂＇．－～％\u{2022}\u{2027}\u{30fb}\u{ff65}\u{2219}\u{22c5}\u{fe50}\u{fe51}\u{fe54}\u{fe55}\u{fe56}\u{fe57}\u{fe59}\u{fe5a}\u{fe5d}\u{fe5e}"
            .chars()
            .map(|c| c as u32)
            .collect();
        let map = |pairs: &[(char, char)]| -> Vec<(u32, u32)> {
            pairs.iter().map(|&(a, b)| (a as u32, b as u32)).collect()
        };
        let chars = |s: &str| -> Vec<u32> { s.chars().map(|c| c as u32).collect() };
        Punctuation::new(&Tables {
            neutral: &neutral,
            fullwidth: &map(&[
                (',', '，'),
                (';', '；'),
                (':', '：'),
                ('?', '？'),
                ('!', '！'),
                ('(', '（'),
                (')', '）'),
            ]),
            small_forms: &map(&[('\u{fe50}', '，'), ('\u{fe59}', '（'), ('\u{fe5a}', '）')]),
            corners: &map(&[('「', '“'), ('」', '”'), ('『', '‘'), ('』', '’')]),
            middle_dots: &chars("\u{2022}\u{2027}\u{30fb}\u{ff65}\u{2219}\u{22c5}"),
            before_open: &chars(" \t\u{3000}（(《【〔[{<“‘「『：:，,；;、=\u{fe50}\u{fe54}\u{fe55}\u{fe59}"),
            after_close: &chars(" \t\u{3000}）)》】〕]}>”’」』：:，,。；;、！？!?….\u{fe50}\u{fe54}\u{fe55}\u{fe56}\u{fe57}\u{fe5a}"),
            line_spaces: &chars("\t\u{b}\u{c}\r \u{85}\u{a0}\u{3000}"),
        })
        .unwrap()
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|e| e.start);
        let mut out = String::new();
        let mut at = 0;
        for e in sorted {
            out.extend(cps[at..e.start].iter().map(|&c| char::from_u32(c).unwrap()));
            out.push_str(&e.replacement.to_text());
            at = e.end;
        }
        out.extend(cps[at..].iter().map(|&c| char::from_u32(c).unwrap()));
        out
    }

    fn page(text: &str) -> String {
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        apply(text, &rules().page_edits(&cps, false, RangeDash::Keep))
    }

    fn rule(text: &str, rule: Rule) -> String {
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        apply(text, &rules().rule_edits(&cps, rule))
    }

    #[test]
    fn the_step_on_the_module_examples() {
        assert_eq!(
            page("为细化明确\"十四五\"时期,更好支撑(兼)"),
            "为细化明确“十四五”时期，更好支撑（兼）"
        );
        let latin = "At 10:30, see https://a.cn/x?y=1,2 (1,000 items)!";
        assert_eq!(page(latin), latin);
        assert_eq!(
            page("培育一批\"专精特\n新\"企业..."),
            "培育一批“专精特\n新”企业……"
        );
    }

    #[test]
    fn each_rule_on_its_example() {
        assert_eq!(
            rule(
                "分别下降14.5%和15%,时间为10:30, 比例1:1。Hello, world!",
                Rule::AsciiMarks
            ),
            "分别下降14.5%和15%，时间为10:30，比例1:1。Hello, world!"
        );
        assert_eq!(
            rule("他说\"我们要'绿色'发展\", 又说\"好", Rule::Quotes),
            "他说“我们要‘绿色’发展”, 又说\"好"
        );
        assert_eq!(
            rule(
                "书记(兼) 计划(2022—2025年) f(x) GDP(国内生产总值) (1)加快",
                Rule::Parentheses
            ),
            "书记（兼） 计划（2022—2025年） f(x) GDP（国内生产总值） （1）加快"
        );
        assert_eq!(
            rule(
                "总有起点.在本章中,见报告.pdf 增长3.5% 于U.S.市场.\n一.引言",
                Rule::FullStops
            ),
            "总有起点。在本章中,见报告.pdf 增长3.5% 于U.S.市场。\n一.引言"
        );
        assert_eq!(rule("约翰.史密斯说，", Rule::FullStops), "约翰.史密斯说，");
        assert_eq!(
            rule("等等... 然后。。。最后… Wait...", Rule::Ellipses),
            "等等…… 然后……最后…… Wait..."
        );
        assert_eq!(
            rule("—新起点 他说--我们 北京—上海 2022—2025 a--b", Rule::Dashes),
            "——新起点 他说——我们 北京—上海 2022—2025 a--b"
        );
        assert_eq!(
            rule(
                "方案(2023-2027年) 电话023-6386 2023-05-01",
                Rule::RangeDashes(RangeDash::Em)
            ),
            "方案(2023—2027年) 电话023-6386 2023-05-01"
        );
        assert_eq!(
            rule("伊•万 阿・卜杜拉 • 要点", Rule::MiddleDots),
            "伊·万 阿·卜杜拉 • 要点"
        );
        assert_eq!(rule("你好\u{fe50}世界", Rule::SmallForms), "你好，世界");
        assert_eq!(rule("「他说『好』」", Rule::CornerQuotes), "“他说‘好’”");
    }

    #[test]
    fn protected_spans() {
        // Each text's first `,` `;` or `.` is inside the protected span.
        for text in [
            "见 https://a.cn/x?y=1,2 好",
            "见www.a.cn/x;y好",
            "写a.b@c.cn好",
            "甲&rdquo\n;乙",
            "甲`x,y`乙",
            "甲<a title=\"x,y\">乙",
            "甲 data-x=\"a,b\" 乙",
        ] {
            let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
            let prot = protected(&cps);
            let mark = cps
                .iter()
                .position(|&c| matches!(c, 0x2C | 0x3B | 0x2E))
                .unwrap();
            assert!(prot[mark], "{text}");
        }
        let line: Vec<u32> = "id=\"a\" style=\"b\"".chars().map(|c| c as u32).collect();
        assert!(looks_like_code(&line));
        let line: Vec<u32> = "if (a) { b; }".chars().map(|c| c as u32).collect();
        assert!(looks_like_code(&line));
    }

    #[test]
    fn problems_are_the_strays() {
        let cps: Vec<u32> = "他\"说 (记者".chars().map(|c| c as u32).collect();
        assert_eq!(rules().problems(&cps), [vec![1], vec![], vec![4]]);
    }

    #[test]
    fn a_long_page_of_far_marks_is_linear() {
        let text: Vec<u32> = std::iter::once(cp('重'))
            .chain(std::iter::repeat_n(cp(','), 300_000))
            .collect();
        let edits = rules().page_edits(&text, true, RangeDash::Em);
        assert_eq!(edits.len(), 300_000);
    }

    #[test]
    fn ranges_are_sorted_and_disjoint() {
        for table in [&CHINESE_RANGES[..], &LETTER_RANGES[..]] {
            for w in table.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0);
            }
        }
    }
}
