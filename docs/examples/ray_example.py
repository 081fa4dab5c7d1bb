"""Clean a JSON-lines corpus with Ray Data (``python docs/examples/ray_example.py``).

On one machine ``ray.init()`` starts a local cluster; on a cluster, run the same script on a
node with ``ray.init(address="auto")`` (or set ``RAY_ADDRESS``), and the map runs on every node.
"""

import json
import tempfile
from pathlib import Path

import ray

import cleantext
from cleantext.integrations.ray import clean_dataset

pages = ["  重庆日报  \n\n\n绿色发展。", "第一段\n\n第二段", "你好\u3000"] * 10

with tempfile.TemporaryDirectory() as tmp:
    source = Path(tmp) / "pages.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(pages)),
        "utf-8",
    )

    started_here = not ray.is_initialized()
    if started_here:
        ray.init(num_cpus=2, include_dashboard=False)
    try:
        ds = ray.data.read_json(str(source))
        cleaned = clean_dataset(ds, "text", output_column="clean", batch_size=8)
        cleaned.write_json(str(Path(tmp) / "out"))  # one JSON-lines file per block
        rows = sorted(cleaned.take_all(), key=lambda row: row["id"])
    finally:
        if started_here:
            ray.shutdown()

print(rows[0])
assert [row["clean"] for row in rows] == [cleantext.clean(p) for p in pages]
