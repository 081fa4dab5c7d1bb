"""The command line: every subcommand, stdin, batches, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cleantext
from cleantext import STEP_NAMES, Config, cli
from cleantext.cli import main

from .conftest import SEED_DIR, SEED_FILES

SEED = SEED_FILES[2]  # the wrapped HTML page


def run(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_one_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["clean", str(SEED)], capsys)
    assert code == 0 and err == ""
    assert "点绿成金美丽重庆建设迈出新步伐" in out
    assert out.endswith("\n")


def test_clean_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["clean", "-"], capsys, "  第一段  \n\n第二段\n".encode(), monkeypatch)
    assert code == 0
    assert out == "第一段\n第二段\n"


def test_clean_to_file_is_atomic_and_refuses_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "page.txt"
    src.write_text("正文。\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert run(["clean", str(src), "-o", str(out)], capsys)[0] == 0
    assert out.read_text("utf-8") == "正文。\n"
    assert not list(tmp_path.glob(".*.tmp"))
    code, _, err = run(["clean", str(src), "-o", str(src)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert src.read_text("utf-8") == "正文。\n"


def test_split_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["split", str(SEED), "--format", "jsonl"], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all("title" in r and isinstance(r["paragraphs"], list) for r in records)
    assert "\\u" not in out  # UTF-8, not ASCII-escaped
    code, out, _ = run(["split", str(SEED), "--format", "json"], capsys)
    assert code == 0 and isinstance(json.loads(out), list)
    code, out, _ = run(["split", str(SEED), "--format", "text"], capsys)
    assert code == 0 and "点绿成金" in out


def test_explain_text_and_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", str(SEED)], capsys)
    assert code == 0 and "Han characters kept" in out
    code, out, _ = run(["explain", str(SEED), "--format", "jsonl"], capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[-1]["summary"] is True
    assert {"step", "start", "end", "before", "after", "reason"} <= set(lines[0])


def test_batch_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outdir = tmp_path / "out"
    report = tmp_path / "report.jsonl"
    code, _, err = run(["clean", str(SEED_DIR), "-o", str(outdir), "--jobs", "2",
                        "--report", str(report)], capsys)
    assert code == 0, err
    assert sorted(p.name for p in outdir.iterdir()) == sorted(p.name for p in SEED_FILES)
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert len(rows) == 5 and all(r["ok"] and r["retention"] > 0.9 for r in rows)
    # --skip-existing skips finished files; --jobs 1 gives the same bytes.
    code, _, err = run(["clean", str(SEED_DIR), "-o", str(outdir), "--skip-existing"], capsys)
    assert code == 0 and "5 skipped" in err
    one = tmp_path / "one"
    assert run(["clean", str(SEED_DIR), "-o", str(one), "--jobs", "1"], capsys)[0] == 0
    for p in outdir.iterdir():
        assert (one / p.name).read_bytes() == p.read_bytes()


def test_batch_goes_on_after_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("正文。", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, _, err = run(["clean", str(good.parent), "-o", str(tmp_path / "out")], capsys)
    assert code == 1
    assert "1 cleaned, 1 failed" in err
    assert (tmp_path / "out" / "good.txt").read_text("utf-8") == "正文。\n"


def test_split_batch_writes_one_file_per_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(["split", str(SEED_DIR), "-o", str(tmp_path), "--format", "text"], capsys)
    assert code == 0
    folders = sorted(p for p in tmp_path.iterdir() if p.is_dir())
    assert len(folders) == 5 and all(list(f.glob("*.txt")) for f in folders)


def test_jsonl_keeps_other_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 7, "text": "  正文  \n\n第二段", "url": "u"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, _ = run(["jsonl", str(src), "--field", "text", "-o", str(out)], capsys)
    assert code == 0
    (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record == {"id": 7, "text": "正文\n第二段", "url": "u"}


def test_jsonl_jobs_keep_order_and_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    records = [{"id": i, "text": p.read_text("utf-8")} for i, p in enumerate(SEED_FILES * 3)]
    records.insert(4, {"id": "no text"})
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert run(["jsonl", str(src), "-o", str(out), "--jobs", jobs], capsys)[0] == 0
        outs.append(out.read_text("utf-8"))
    assert outs[0] == outs[1]
    got = [json.loads(line) for line in outs[1].splitlines()]
    assert [r["id"] for r in got] == [r["id"] for r in records]
    assert got[4] == {"id": "no text"}
    assert got[0]["text"] == cleantext.clean(records[0]["text"])


def test_jsonl_reports_bad_records(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["jsonl", "-"], capsys, b'{"text": "a"}\nnot json\n', monkeypatch)
    assert code == 1 and out == '{"text": "a"}\n'
    assert err.count("\n") == 1 and ":2:" in err


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["clean", "/no/such/file"], 1),
        (["clean", str(SEED_DIR)], 2),  # a directory needs -o
        (["clean"], 2),
        (["frobnicate"], 2),
        (["clean", str(SEED), "--no-such-flag"], 2),
        (["clean", str(SEED), "--extract", "everything"], 2),
        (["clean", str(SEED), "--jobs", "x"], 2),
    ],
)
def test_exit_codes_and_one_line_messages(
    argv: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run(argv, capsys)
    assert got == code
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err


def test_binary_input_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "image.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, _, err = run(["clean", str(f)], capsys)
    assert code == 1 and err.count("\n") == 1


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert run(["clean", str(f)], capsys) == (0, "", "")


def test_every_step_has_a_no_flag(capsys: pytest.CaptureFixture[str]) -> None:
    main(["clean", "--help"])
    help_text = capsys.readouterr().out
    for step in STEP_NAMES:
        if step != "convert_chinese":
            assert "--no-" + step.replace("_", "-") in help_text
    assert "--convert-chinese" in help_text


def test_no_flag_turns_the_step_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.txt"
    f.write_text("  正文  ", encoding="utf-8")
    assert run(["clean", str(f), "--no-normalize-whitespace"], capsys)[1] == "  正文  \n"


def test_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[cleantext]\nnormalize_whitespace = false\n", encoding="utf-8")
    assert Config.from_toml(cfg).normalize_whitespace is False
    f = tmp_path / "p.txt"
    f.write_text("  正文  ", encoding="utf-8")
    assert run(["clean", str(f), "--config", str(cfg)], capsys)[1] == "  正文  \n"
    cfg.write_text("bogus_option = 1\n", encoding="utf-8")
    code, _, err = run(["clean", str(f), "--config", str(cfg)], capsys)
    assert code == 2 and "bogus_option" in err


def test_python_dash_m_runs_the_same_command_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "cleantext", "clean", "-"], input="  正文  ",
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "正文\n", "")


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("cleantext ")
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "examples:" in out


def test_convert_chinese_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.txt"
    f.write_text("正文", encoding="utf-8")
    assert run(["clean", str(f), "--convert-chinese", "t2s"], capsys)[0] == 0


def test_line_model_flags_reach_the_config(tmp_path: Path) -> None:
    args = cli._build_parser().parse_args(
        ["split", "p.txt", "--segment-model", "--line-model", str(tmp_path / "m.json.gz")]
    )
    config = cli._make_config(args)
    assert config.segment_model is True
    assert config.line_model == str(tmp_path / "m.json.gz")
    assert cli._make_config(cli._build_parser().parse_args(["split", "p.txt"])) == Config()


def test_large_input_streams_in_pieces_with_the_same_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [p.read_text("utf-8").strip() for p in SEED_FILES if not p.name.startswith("002")]
    pages[0] = pages[0][: pages[0].rindex("。\n") + 1]  # ends a paragraph: a place to cut
    src = tmp_path / "big.txt"
    src.write_text("\n\n".join(pages[:2]), encoding="utf-8")
    whole = tmp_path / "whole.txt"
    monkeypatch.setattr(cli, "STREAM_CHUNK", 10**9)
    assert run(["clean", str(src), "-o", str(whole), "--jobs", "1"], capsys)[0] == 0
    # Pieces cut at the blank line between the two pages: each page cleaned whole.
    monkeypatch.setattr(cli, "STREAM_CHUNK", len(pages[0]) + 3)
    streamed = tmp_path / "streamed.txt"
    assert run(["clean", str(src), "-o", str(streamed), "--jobs", "2"], capsys)[0] == 0
    assert streamed.read_text("utf-8") == whole.read_text("utf-8")


def test_small_pieces_lose_no_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pieces far smaller than a page lose page-level evidence (a repeated paragraph in the
    # next piece stays; the line model, reading less of the page, may leave a line apart that
    # the whole page joins), never text.
    text = "\n".join(p.read_text("utf-8") for p in SEED_FILES if not p.name.startswith("002"))
    src = tmp_path / "big.txt"
    src.write_text(text, encoding="utf-8")
    whole, streamed = tmp_path / "whole.txt", tmp_path / "streamed.txt"
    assert run(["clean", str(src), "-o", str(whole)], capsys)[0] == 0
    monkeypatch.setattr(cli, "STREAM_CHUNK", 5000)
    assert run(["clean", str(src), "-o", str(streamed)], capsys)[0] == 0
    kept = streamed.read_text("utf-8").replace(" ", "").replace("\n", "")
    lines = [x.replace(" ", "") for x in whole.read_text("utf-8").splitlines() if x]
    assert len(lines) > 100
    assert all(line in kept for line in lines)


def test_one_long_line_streams_cut_after_sentence_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    line = "".join(f"第{i}天的天气很好，我们去公园散步。" for i in range(3000))
    src = tmp_path / "line.txt"
    src.write_text(line, encoding="utf-8")
    monkeypatch.setattr(cli, "STREAM_CHUNK", 4000)
    out = tmp_path / "out.txt"
    assert run(["clean", str(src), "-o", str(out)], capsys)[0] == 0
    assert out.read_text("utf-8") == line + "\n"  # one line, nothing lost


def test_an_uncuttable_stream_over_max_bytes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "blob.txt"
    src.write_text("字" * 3_000_000, encoding="utf-8")  # no line or sentence end at all
    monkeypatch.setattr(cli, "STREAM_CHUNK", 4000)
    code, _, err = run(["clean", str(src), "--max-bytes", "2000000"], capsys)
    assert code == 1
    assert "over --max-bytes" in err and err.count("\n") == 1


def test_a_streamed_file_is_not_limited_by_max_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "big.txt"
    src.write_text("第一段。\n\n" * 20000, encoding="utf-8")  # 280 KB
    monkeypatch.setattr(cli, "STREAM_CHUNK", 4000)
    code, out, _ = run(["clean", str(src), "--max-bytes", "100000", "--jobs", "1"], capsys)
    assert code == 0
    assert out.count("第一段。") >= 1


def test_cut_point_prefers_blank_lines_then_paragraph_ends() -> None:
    assert cli._cut_point("甲。\n乙。\n\n丙\n丁", 8) == (7, "\n\n")
    assert cli._cut_point("甲。\n乙\n丙\n丁", 4) == (3, "\n")
    assert cli._cut_point("甲。\n乙\n丙\n丁", 8) == (-1, "")  # none from 4 on
    assert cli._cut_point("甲。\n乙\n丙\n丁", 8, force=True) == (7, "\n")
    assert cli._cut_point("甲乙丙丁，戊。己庚", 4) == (-1, "")
    assert cli._cut_point("甲乙丙丁，戊。己庚", 4, force=True) == (7, "")
    assert cli._cut_point("甲乙丙丁戊己庚", 4, force=True) == (-1, "")


@pytest.mark.parametrize("case", [
    ("utf-8", b"", "utf-8"),
    ("gb18030", b"", "gb18030"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
])
@pytest.mark.parametrize("streamed", [False, True])
def test_report_says_which_encoding_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, bytes, str], streamed: bool,
) -> None:
    codec, bom, expected = case
    text = SEED_FILES[0].read_text("utf-8")
    src = tmp_path / "page.txt"
    src.write_bytes(bom + text.encode(codec))
    if streamed:
        monkeypatch.setattr(cli, "STREAM_CHUNK", 5000)
    report = tmp_path / "report.jsonl"
    out = tmp_path / "out.txt"
    assert run(["clean", str(src), "-o", str(out), "--report", str(report)], capsys)[0] == 0
    (row,) = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert row["encoding"] == expected and row["ok"] and row["retention"] > 0.9
    assert "\ufeff" not in out.read_text("utf-8")
    assert cleantext.clean(text)[:40] in out.read_text("utf-8")


def test_batch_report_has_the_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes("重庆日报讯。".encode("gb18030"))
    (tmp_path / "in" / "b.txt").write_bytes("重庆日报讯。".encode())
    report = tmp_path / "report.jsonl"
    assert run(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                "--report", str(report)], capsys)[0] == 0
    rows = {r["input"][-5:]: r["encoding"]
            for r in map(json.loads, report.read_text("utf-8").splitlines())}
    assert rows == {"a.txt": "gb18030", "b.txt": "utf-8"}
