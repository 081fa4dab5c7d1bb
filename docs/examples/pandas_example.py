"""Clean a text column of a pandas DataFrame (run: ``python docs/examples/pandas_example.py``)."""

import pandas as pd

import cleantext
from cleantext.batch import clean_batch, clean_column

df = pd.DataFrame(
    {
        "url": ["a.html", "b.html", "c.html"],
        "text": ["  重庆日报  \n\n\n绿色发展。", None, "第一段\n\n第二段"],
    }
)

# One process: the Cleaner is built once and reused for every row; missing rows stay missing.
df["clean"] = clean_column(df["text"])

# Several processes for a large frame (all cores by default); same result.
has_text = df["text"].notna()
df.loc[has_text, "clean_parallel"] = clean_batch(df.loc[has_text, "text"], jobs=2)

print(df[["url", "clean"]])
assert df["clean"][0] == cleantext.clean(df["text"][0]) == "重庆日报\n绿色发展。"
assert df["clean"].isna().tolist() == [False, True, False]
assert df.loc[has_text, "clean"].tolist() == df.loc[has_text, "clean_parallel"].tolist()
