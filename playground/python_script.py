"""The fixed text of an exported Python script, its model: the header, the lecture's
Layer, the activations, the network and the losses (python_script_training.py has
the optimizers and the training loop; python_export.py fills in the rest).

Each piece is plain Python source, never formatted: the numbers and names of a
session go into the script only through python_export's assignments (repr and
packed arrays). Every piece does the app's arithmetic op for op (kernel.py,
metrics.py, losses.py, activations.py), in the same precision, so that the
script prints the app's losses; tests/test_python_export.py holds them together.
"""

HEADER = '''#!/usr/bin/env python3
"""A neural network exported from Playground, with everything needed to train it on.

It holds the network's weights, its data (the points as the network sees them and
the targets of its output units), where the shuffle of the training points stands,
the optimizer's memory and the settings. Run as is, it continues training from
exactly where the app stopped and prints the losses the app shows, epoch for epoch:

    python3 this_script.py        # EPOCHS more epochs (the constant below)
    python3 this_script.py 20     # 20 more epochs

It needs NumPy and Python's standard library only.

How exact: the app computes a pass over 64 samples or more (each epoch's losses over
all the points; a mini-batch of 64 or more) in float32, which is about four times
faster, and smaller batches, the weights and the optimizer in float64. This script
does the same arithmetic in the same order and precision, so with the same NumPy it
prints the app's losses to 1e-9 (in practice to the last digit). Another NumPy or
BLAS may round float32 sums differently: then the losses agree to float32's
precision (about 1e-6 relative) rather than to the last digit.

The lecture's notation: samples are columns. A layer computes z = W·a + b from the
activations a of the layer below, then a = f(z). Backpropagation goes the other way
with δ = ∂L/∂z: ∂L/∂W = δ·aᵀ, ∂L/∂b = Σ δ over the batch, and ∂L/∂a of the layer
below = Wᵀ·δ; then every weight and bias takes a step against its gradient.
"""

import base64
import os
import sys
import zlib

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one BLAS thread, as the app (set before NumPy loads)
import numpy as np  # noqa: E402


def unpack(dtype, shape, text):
    """An array written compactly and exactly: its bytes (little-endian), compressed
    with zlib, in base 64; the line breaks are not part of it."""
    data = zlib.decompress(base64.b64decode("".join(text.split())))
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()
'''

LAYER = '''

# --- the lecture's classes: each has a forward_pass and a backward_pass -------------

class Layer:
    """A layer of neurons, each connected to every unit of the layer below: z = W·a + b."""

    def __init__(self, weights, biases):
        self.weights = np.array(weights, dtype=np.float64)                 # W: a row per neuron
        self.biases = np.array(biases, dtype=np.float64).reshape(-1, 1)    # b: a column

    def forward_pass(self, batch_inputs):
        """Compute the value for the neurons in this layer given the input from the
        previous layer: z = W·a + b for every sample (column) of the batch at once."""
        self.inputs = batch_inputs
        # W·a + b = [W | b]·[a; 1]: the bias is the weight of an input that is always 1.
        # The app computes it as this one product, in the pass's precision (float32 or
        # float64, as the input), and so does this script: the same sums in the same order.
        ones = np.ones((1, batch_inputs.shape[1]), dtype=batch_inputs.dtype)
        self.inputs_and_one = np.vstack([batch_inputs, ones])                                     # [a; 1]
        self.weights_and_bias = np.hstack([self.weights, self.biases]).astype(batch_inputs.dtype)  # [W | b]
        return np.dot(self.weights_and_bias, self.inputs_and_one)

    def backward_pass(self, dvalues):
        """From δ = ∂L/∂z of this layer's neurons (dvalues): the gradient of the loss with
        respect to W and b, and, returned, ∂L/∂a of the layer below."""
        # ∂L/∂W = δ·aᵀ and ∂L/∂b = Σ δ over the batch (δ times the input 1): both as δ·[a; 1]ᵀ
        d_weights_and_bias = np.dot(dvalues, self.inputs_and_one.T).astype(np.float64)
        self.dweights = d_weights_and_bias[:, :-1]
        self.dbiases = d_weights_and_bias[:, -1:]
        # ∂L/∂a = Wᵀ·δ: the d-values pushed back to the layer below (the 1's row is dropped)
        self.dinputs = np.dot(self.weights_and_bias.T, dvalues)[:-1]
        return self.dinputs
'''

ACTIVATIONS = {
    "linear": '''

class Linear:
    """a = z: the identity."""

    def forward_pass(self, batch_values):
        return batch_values

    def backward_pass(self, dvalues):
        return dvalues  # f'(z) = 1: δ = ∂L/∂a
''',
    "relu": '''

class ReLU:
    """a = max(z, 0)."""

    def forward_pass(self, batch_values):
        self.inputs = batch_values
        return np.maximum(batch_values, 0.0)

    def backward_pass(self, dvalues):
        # δ = ∂L/∂a ⊙ f'(z): the derivative is 1 for positive values, 0 otherwise
        return dvalues * (self.inputs > 0)
''',
    "leaky_relu": '''

class LeakyReLU:
    """a = z for z > 0, else slope·z."""
    slope = 0.01

    def forward_pass(self, batch_values):
        self.inputs = batch_values
        return np.maximum(batch_values, self.slope * batch_values)

    def backward_pass(self, dvalues):
        # δ = ∂L/∂a ⊙ f'(z), f'(z) = 1 for z > 0, else the slope: (1 − slope)·[z > 0] + slope
        fprime = (self.inputs > 0).astype(dvalues.dtype) * (1.0 - self.slope) + self.slope
        return dvalues * fprime
''',
    "tanh": '''

class Tanh:
    """a = tanh z = (e^z − e^−z)/(e^z + e^−z)."""

    def forward_pass(self, batch_values):
        # we keep the outputs: the derivative needs only them
        self.outputs = np.tanh(batch_values)
        return self.outputs

    def backward_pass(self, dvalues):
        # δ = ∂L/∂a ⊙ f'(z), with tanh'(z) = 1 − a²
        return dvalues * (1.0 - self.outputs * self.outputs)
''',
    "sigmoid": '''

class Sigmoid:
    """a = σ(z) = 1/(1 + e^−z)."""

    def forward_pass(self, batch_values):
        # computed as (1 + tanh(z/2))/2, the same function, as the app does: e^−z would
        # overflow for very negative z; tanh never does
        self.outputs = (np.tanh(batch_values * 0.5) + 1.0) * 0.5
        return self.outputs

    def backward_pass(self, dvalues):
        # δ = ∂L/∂a ⊙ f'(z), with σ'(z) = σ(z)·(1 − σ(z)) = a·(1 − a)
        return dvalues * ((1.0 - self.outputs) * self.outputs)
''',
    "softmax": '''

class Softmax:
    """The output a_i = e^z_i / Σ_j e^z_j of each sample: the classes' probabilities."""

    def forward_pass(self, batch_values):
        # e^(z − max z): the same fractions, and e^z never overflows
        exps = np.exp(batch_values - np.max(batch_values, axis=0, keepdims=True))
        self.outputs = exps / np.sum(exps, axis=0, keepdims=True)
        return self.outputs

    def backward_pass(self, dvalues):
        # softmax's Jacobian is not diagonal: δ_i = a_i·(g_i − Σ_j a_j·g_j), g = ∂L/∂a
        # (under cross-entropy the loss gives δ directly and this is not used)
        dot = np.sum(self.outputs * dvalues, axis=0, keepdims=True)
        return self.outputs * (dvalues - dot)
''',
}

NETWORK = '''

class Network:
    """The layers in order: a Layer, its activation, the next Layer, its activation, ..."""

    def __init__(self, layers):
        self.layers = layers
        self.dense_layers = [layer for layer in layers if isinstance(layer, Layer)]  # those with W and b

    def forward_pass(self, batch_data):
        """Perform a forward pass through the network by passing the data through each layer."""
        values = batch_data
        for layer in self.layers:
            values = layer.forward_pass(values)
        return values

    def backward_pass(self, dvalues, skip_output_activation):
        """Perform a backward pass through the network given the gradient at the output
        (with skip_output_activation: δ = ∂L/∂z of the output layer itself)."""
        layers = self.layers[:-1] if skip_output_activation else self.layers
        grad = dvalues
        for layer in reversed(layers):
            grad = layer.backward_pass(grad)
'''

_CLIP = '''
    @staticmethod
    def clipped(outputs):
        # kept off exactly 0 and 1, so that log stays finite (by 1e-15; by 1e-7 in float32)
        eps = 1e-15 if outputs.dtype == np.float64 else 1e-7
        return np.clip(outputs, eps, 1.0 - eps)
'''

_FUSED_DELTA = '''
    def backward_pass(self, outputs, targets):
        # with its own output activation the derivatives cancel ("one big function"):
        # δ = ∂L/∂z = (a − y)/B for the batch's mean loss, computed as (a − y)·(1/B)
        return (outputs - targets) * outputs.dtype.type(1.0 / outputs.shape[1])
'''

LOSSES = {
    "bce": '''

class BinaryCrossEntropy:
    """L = −(y·log a + (1 − y)·log(1 − a)), on one sigmoid output; a batch's loss is the mean."""
    gives_delta = True  # backward_pass gives δ = ∂L/∂z of the output layer
''' + _CLIP + '''
    def per_sample(self, outputs, targets):
        a = self.clipped(outputs)
        return -np.sum(targets * np.log(a) + (1.0 - targets) * np.log(1.0 - a), axis=0)
''' + _FUSED_DELTA,
    "cce": '''

class CategoricalCrossEntropy:
    """L = −Σ y·log a over the classes, on a softmax output; a batch's loss is the mean."""
    gives_delta = True  # backward_pass gives δ = ∂L/∂z of the output layer
''' + _CLIP + '''
    def per_sample(self, outputs, targets):
        return -np.sum(targets * np.log(self.clipped(outputs)), axis=0)
''' + _FUSED_DELTA,
    "mse": '''

class MeanSquaredError:
    """L = the mean over the output units of (a − y)²; a batch's loss is the mean."""
    gives_delta = False  # backward_pass gives ∂L/∂a; the output activation makes it δ

    def per_sample(self, outputs, targets):
        d = outputs - targets
        return np.sum(d * d, axis=0) / outputs.shape[0]

    def backward_pass(self, outputs, targets):
        # ∂L/∂a = 2·(a − y)/(units·B) for the batch's mean loss
        units, batch = outputs.shape
        return (outputs - targets) * outputs.dtype.type(2.0 / (units * batch))
''',
    "half_se": '''

class HalfSquaredError:
    """L = ½ Σ (a − y)² over the output units (TensorFlow Playground's); a batch's loss is the mean."""
    gives_delta = False  # backward_pass gives ∂L/∂a; the output activation makes it δ

    def per_sample(self, outputs, targets):
        d = outputs - targets
        return np.sum(d * d, axis=0) * 0.5

    def backward_pass(self, outputs, targets):
        # ∂L/∂a = (a − y)/B for the batch's mean loss
        return (outputs - targets) * outputs.dtype.type(1.0 / outputs.shape[1])
''',
}
