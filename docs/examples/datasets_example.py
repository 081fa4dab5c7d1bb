"""Clean a 🤗 datasets column in batches on two processes (``python docs/examples/datasets_example.py``)."""

from datasets import Dataset

import cleantext
from cleantext import Config
from cleantext.batch import make_batch_fn

pages = ["  重庆日报  \n\n\n绿色发展。", "第一段\n\n第二段", "你好\u3000"] * 4
ds = Dataset.from_dict({"id": list(range(len(pages))), "text": pages})

# make_batch_fn returns a picklable function of a dict-of-lists batch: each worker process
# unpickles it and builds its Cleaner once. Other columns are kept.
config = Config(convert_chinese=False)
cleaned = ds.map(
    make_batch_fn("text", config, output_column="clean"), batched=True, batch_size=4, num_proc=2
)

print(cleaned[0])
assert cleaned["clean"] == [cleantext.clean(p, config) for p in pages]
assert cleaned["id"] == list(range(len(pages)))
