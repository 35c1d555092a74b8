"""Figures saved beside a model: confusion matrix and reliability diagram (PNG bytes)."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def confusion_png(confusion, labels, title: str = "Confusion matrix (held-out)") -> bytes:
    fig, ax = plt.subplots(figsize=(5.2, 4.4))
    ax.imshow(confusion, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    peak = max(max(row) for row in confusion) or 1
    for i, row in enumerate(confusion):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > peak / 2 else "black")
    ax.set_title(title)
    return _png(fig)


def reliability_png(table, title: str = "Reliability (held-out)") -> bytes:
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot([0, 1], [0, 1], linestyle="--", color="#999", label="perfect calibration")
    xs = [row["confidence"] for row in table]
    ys = [row["accuracy"] for row in table]
    sizes = [20 + 4 * row["n"] for row in table]
    ax.plot(xs, ys, color="#1f5fa8", marker="o")
    ax.scatter(xs, ys, s=sizes, color="#1f5fa8", alpha=0.4)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("mean confidence in bin")
    ax.set_ylabel("observed accuracy")
    ax.legend(loc="upper left")
    ax.set_title(title)
    return _png(fig)
