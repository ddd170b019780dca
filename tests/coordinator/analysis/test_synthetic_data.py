"""The benchmark's synthetic generator: seeded, valid import documents, planted truth."""
import json

from bench.generate import generate_document, generate_snapshot, main
from coordinator.io.records import ReferenceContext, parse_document
from coordinator.reference import load_countries, load_regions


def test_same_seed_same_data_and_truth():
    first = generate_document(60, 20, 8, seed=3)
    again = generate_document(60, 20, 8, seed=3)
    other = generate_document(60, 20, 8, seed=4)
    assert first == again
    assert first != other


def test_document_is_valid_import_format():
    document, truth = generate_document(120, 40, 10, seed=5, duplicate_rate=0.1,
                                        overlap_rate=0.05, need_duplicate_rate=0.1)
    context = ReferenceContext(countries=set(load_countries()), regions=set(load_regions()))
    parsed = parse_document(json.loads(json.dumps(document)), context, source="synthetic")
    assert parsed.counts()["initiatives"] == 120 and parsed.counts()["needs"] == 40


def test_truth_names_planted_pairs_of_existing_records():
    snapshot, truth = generate_snapshot(200, 50, 12, seed=2, duplicate_rate=0.1,
                                        overlap_rate=0.05, need_duplicate_rate=0.1)
    pairs = truth["duplicates"]["initiative"]
    assert len(pairs) >= 20
    for a, b in pairs + truth["overlaps"]:
        assert a in snapshot.initiatives and b in snapshot.initiatives and a < b
    for a, b in truth["duplicates"]["need"]:
        first, second = snapshot.needs[a], snapshot.needs[b]
        assert (first.country, first.component) == (second.country, second.component)
    for a, b in truth["overlaps"]:
        first, second = snapshot.initiatives[a], snapshot.initiatives[b]
        assert not set(first.provider_ids()) & set(second.provider_ids())


def test_command_line_writes_document_and_truth(tmp_path):
    out, truth = tmp_path / "data.json", tmp_path / "truth.json"
    assert main(["--initiatives", "30", "--needs", "10", "--providers", "5", "--seed", "1",
                 "--out", str(out), "--truth", str(truth)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "capacity-coordinator/1"
    assert len(document["initiatives"]) == 30
    assert json.loads(truth.read_text())["counts"]["needs"] == 10
