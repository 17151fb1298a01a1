"""The fast reading of shipped YAML files (libyaml) gives what the careful loader gives."""
from pathlib import Path

import pytest

from claimcheck import loader
from claimcheck.errors import RuleError

SHIPPED = sorted((Path(__file__).parent.parent / "rules").rglob("*.y*ml"))


def _lines_by_path(data, lines) -> dict:
    """The line table keyed by each collection's path in the data instead of its id."""
    out = {None: lines[None]}

    def walk(node, path):
        entry = lines.get(id(node)) if isinstance(node, (dict, list)) else None
        if entry:
            out[path] = entry[:2]
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            walk(child, path + (key,))
    walk(data, ())
    return out


@pytest.mark.skipif(loader._CLineLoader is None, reason="PyYAML without libyaml: shipped files read carefully")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_read_the_same_with_libyaml(path):
    text = path.read_text(encoding="utf-8")
    careful = loader.parse_yaml(text, str(path))
    fast = loader.parse_yaml(text, str(path), shipped=True)
    assert repr(fast[0]) == repr(careful[0])            # same values and types, same key order
    assert _lines_by_path(*fast) == _lines_by_path(*careful)


def test_shipped_file_that_does_not_read_gets_the_careful_error():
    text = "metrics:\n  revenue: [money\n"
    with pytest.raises(RuleError) as careful:
        loader.parse_yaml(text, "rules/x.yaml")
    with pytest.raises(RuleError) as fast:
        loader.parse_yaml(text, "rules/x.yaml", shipped=True)
    assert (fast.value.message, fast.value.line) == (careful.value.message, careful.value.line)
