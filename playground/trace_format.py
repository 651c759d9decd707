"""A backprop trace as the lecture writes it: a plain-text table per layer.

Layers are numbered from 1 (the first hidden layer) as in the lecture notes;
units of layer l are named h1, h2, ... (o1, ... on the output layer), inputs by
their feature names.
"""

from __future__ import annotations

from playground.engine.trace import Trace


def number(x: float) -> str:
    """Eight significant digits, no exponent for ordinary magnitudes; never "-0" (a dead
    ReLU's gradient is -0.0 in floating point, 0 on a slide)."""
    return f"{x + 0.0:.8g}"


def unit_names(trace: Trace, inputs: tuple[str, ...]) -> list[list[str]]:
    """Names per layer, the inputs first."""
    names = [list(inputs)]
    for i, layer in enumerate(trace.layers):
        prefix = "o" if i == len(trace.layers) - 1 else "h"
        names.append([f"{prefix}{j + 1}" for j in range(len(layer.z))])
    return names


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()


def _table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    return [indent + _row(header, widths)] + [indent + _row(r, widths) for r in rows]


def as_text(trace: Trace, inputs: tuple[str, ...]) -> str:
    grad = "∂L/∂" if trace.wrt == "loss" else "∂o/∂"
    names = unit_names(trace, inputs)
    lines = ["Input  " + ", ".join(f"{n} = {number(v)}" for n, v in zip(inputs, trace.input))]
    if trace.target is not None:
        lines.append("Target " + ", ".join(f"y{j + 1} = {number(v)}" for j, v in enumerate(trace.target)))
    lines.append("Output " + ", ".join(f"{n} = {number(v)}" for n, v in zip(names[-1], trace.output)))
    if trace.loss is not None:
        lines.append(f"Loss   L = {number(trace.loss)}")
    lines.append(f"Gradients of the {'loss L' if trace.wrt == 'loss' else 'output o'}"
                 + (f"; SGD step with η = {number(trace.lr)}" if trace.lr is not None else ""))
    for i, layer in enumerate(trace.layers):
        lines += ["", f"Layer {i + 1} ({'output' if i == len(trace.layers) - 1 else 'hidden'}, {layer.activation})"]
        header = ["unit", "z", "a", grad + "z", grad + "b"]
        if layer.b_new is not None:
            header += ["b", "b new"]
        rows = []
        for j, name in enumerate(names[i + 1]):
            row = [name, number(layer.z[j]), number(layer.a[j]), number(layer.dz[j]), number(layer.db[j])]
            if layer.b_new is not None:
                row += [number(layer.b[j]), number(layer.b_new[j])]
            rows.append(row)
        lines += _table(header, rows)
        header = ["weight", grad + "w"] + (["w", "w new"] if layer.W_new is not None else [])
        rows = []
        for j, to in enumerate(names[i + 1]):
            for k, frm in enumerate(names[i]):
                row = [f"{frm} → {to}", number(layer.dW[j, k])]
                if layer.W_new is not None:
                    row += [number(layer.W[j, k]), number(layer.W_new[j, k])]
                rows.append(row)
        lines += [""] + _table(header, rows)
    return "\n".join(lines) + "\n"



def rows(trace: Trace, inputs: tuple[str, ...]) -> list[list[str]]:
    """The trace as one table: layer, quantity, unit or weight, value; then the new value."""
    grad = "dL/d" if trace.wrt == "loss" else "do/d"
    names = unit_names(trace, inputs)
    table = [["layer", "quantity", "of", "value", "new value"]]
    for i, layer in enumerate(trace.layers):
        for j, name in enumerate(names[i + 1]):
            table += [[str(i + 1), "z", name, number(layer.z[j]), ""],
                      [str(i + 1), "a", name, number(layer.a[j]), ""],
                      [str(i + 1), f"{grad}z", name, number(layer.dz[j]), ""],
                      [str(i + 1), "b", name, number(layer.b[j]),
                       number(layer.b_new[j]) if layer.b_new is not None else ""],
                      [str(i + 1), f"{grad}b", name, number(layer.db[j]), ""]]
        for j, to in enumerate(names[i + 1]):
            for k, frm in enumerate(names[i]):
                table += [[str(i + 1), "w", f"{frm} -> {to}", number(layer.W[j, k]),
                           number(layer.W_new[j, k]) if layer.W_new is not None else ""],
                          [str(i + 1), f"{grad}w", f"{frm} -> {to}", number(layer.dW[j, k]), ""]]
    return table


def as_csv(trace: Trace, inputs: tuple[str, ...]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows(trace, inputs))
    return out.getvalue()


def as_latex(trace: Trace, inputs: tuple[str, ...]) -> str:
    """A LaTeX tabular per layer, in the lecture's notation."""
    partial = r"\partial L" if trace.wrt == "loss" else r"\partial o"
    names = unit_names(trace, inputs)
    def tex(n):
        return n.replace("^", r"\^{}").replace("*", r"\cdot ").replace("_", r"\_")
    lines = []
    for i, layer in enumerate(trace.layers):
        new = layer.W_new is not None
        lines += [f"% layer {i + 1} ({layer.activation})", r"\begin{tabular}{l" + "r" * (5 if new else 4) + "}",
                  r"unit & $z$ & $a$ & $" + partial + r"/\partial z$ & $b$" + (r" & $b'$" if new else "") + r" \\",
                  r"\hline"]
        for j, name in enumerate(names[i + 1]):
            cells = [f"${tex(name)}$", number(layer.z[j]), number(layer.a[j]), number(layer.dz[j]),
                     number(layer.b[j])] + ([number(layer.b_new[j])] if new else [])
            lines.append(" & ".join(cells) + r" \\")
        lines += [r"\hline", r"weight & $w$ & $" + partial + r"/\partial w$" + (r" & $w'$" if new else "") + r" \\",
                  r"\hline"]
        for j, to in enumerate(names[i + 1]):
            for k, frm in enumerate(names[i]):
                cells = [f"${tex(frm)} \\to {tex(to)}$", number(layer.W[j, k]), number(layer.dW[j, k])]
                lines.append(" & ".join(cells + ([number(layer.W_new[j, k])] if new else [])) + r" \\")
        lines += [r"\end{tabular}", ""]
    return "\n".join(lines)
