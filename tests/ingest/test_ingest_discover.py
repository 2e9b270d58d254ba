"""discover: which files a run reads, in which order."""

from pathlib import Path

from sitrep.ingest import Rejected, discover


def touch(path: Path, text: str = "Title\nBody.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_recursive_sorted_hidden_and_unsupported_skipped(tmp_path):
    for name in [
        "b.txt",
        "a.md",
        "sub/z.csv",
        "sub/deeper/y.jsonl",
        "sub/x.PARQUET",
        "page.htm",
        "index.html",
        "notes.docx",
        "README",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/c.txt",
    ]:
        touch(tmp_path / name)
    found = list(discover([tmp_path]))
    assert all(isinstance(f, Path) for f in found)
    assert [f.relative_to(tmp_path).as_posix() for f in found] == [
        "a.md",
        "b.txt",
        "index.html",
        "page.htm",
        "sub/deeper/y.jsonl",
        "sub/x.PARQUET",
        "sub/z.csv",
    ]


def test_paths_keep_the_form_they_were_given_in(tmp_path, monkeypatch):
    touch(tmp_path / "in" / "a.txt")
    monkeypatch.chdir(tmp_path)
    assert list(discover(["in"])) == [Path("in/a.txt")]
    assert list(discover(["in/a.txt", "in"])) == [Path("in/a.txt"), Path("in/a.txt")]


def test_explicit_unsupported_file_is_reported(tmp_path):
    doc = touch(tmp_path / "notes.docx")
    [r] = discover([doc])
    assert isinstance(r, Rejected) and r.reason == "unsupported" and r.source_uri == str(doc)


def test_explicit_hidden_file_is_read(tmp_path):
    hidden = touch(tmp_path / ".draft.txt")
    assert list(discover([hidden])) == [hidden]


def test_missing_path_is_unreadable(tmp_path):
    [r] = discover([tmp_path / "nope"])
    assert r.reason == "unreadable"


def test_symlink_loop_is_reported_not_followed(tmp_path):
    touch(tmp_path / "root" / "a.txt")
    (tmp_path / "root" / "sub").mkdir()
    (tmp_path / "root" / "sub" / "back").symlink_to(tmp_path / "root")
    (tmp_path / "root" / "self.txt").symlink_to(tmp_path / "root" / "self.txt")
    found = list(discover([tmp_path / "root"]))
    paths = [f for f in found if isinstance(f, Path)]
    loops = [f for f in found if isinstance(f, Rejected)]
    assert paths == [tmp_path / "root" / "a.txt"]
    assert sorted((r.source_uri, r.reason) for r in loops) == [
        (str(tmp_path / "root" / "self.txt"), "symlink_loop"),
        (str(tmp_path / "root" / "sub" / "back"), "symlink_loop"),
    ]


def test_a_symlinked_folder_elsewhere_is_refused_unless_links_are_followed(tmp_path):
    touch(tmp_path / "elsewhere" / "b.txt")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "link").symlink_to(tmp_path / "elsewhere")
    [refused] = discover([tmp_path / "root"])
    assert (refused.source_uri, refused.reason) == (str(tmp_path / "root" / "link"), "outside_input")
    assert list(discover([tmp_path / "root"], follow_symlinks=True)) == [tmp_path / "root" / "link" / "b.txt"]
    # named as an input itself, the folder it leads to is an input root
    assert list(discover([tmp_path / "root", tmp_path / "elsewhere"])) == [
        tmp_path / "root" / "link" / "b.txt",
        tmp_path / "elsewhere" / "b.txt",
    ]


def test_broken_symlink_is_unreadable(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    [r] = discover([tmp_path / "root"])
    assert r.reason == "unreadable"
