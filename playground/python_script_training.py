"""The fixed text of an exported Python script, its training: the optimizers, the
weight penalties, the learning-rate schedules, when training stops, and the loop
(python_script.py has the model; python_export.py fills in the numbers).

As there, every piece does the app's arithmetic op for op (optimizers.py,
regularization.py, trainer.py, metrics.py), in the same precision.
"""

OPTIMIZERS = {
    "sgd": '''

class SGD:
    """Gradient descent: W ← W − η·∂L/∂W and b ← b − η·∂L/∂b."""

    def step(self, layers, learning_rate):
        for layer in layers:
            layer.weights -= learning_rate * layer.dweights
            layer.biases -= learning_rate * layer.dbiases
''',
    "momentum": '''

class Momentum:
    """Gradient descent with momentum (heavy ball): v ← β·v + ∂L/∂W, W ← W − η·v (b alike)."""
    beta = 0.9

    def step(self, layers, learning_rate):
        for layer in layers:
            layer.weight_velocity = self.beta * layer.weight_velocity + layer.dweights
            layer.bias_velocity = self.beta * layer.bias_velocity + layer.dbiases
            layer.weights -= learning_rate * layer.weight_velocity
            layer.biases -= learning_rate * layer.bias_velocity
''',
    "adam": '''

class Adam:
    """Adam (Kingma & Ba): for each gradient g, m ← β₁·m + (1 − β₁)·g and v ← β₂·v + (1 − β₂)·g²;
    then W ← W − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε): the bias correction folded into the step."""
    beta1, beta2, epsilon = 0.9, 0.999, 1e-08

    def __init__(self, iterations):
        self.iterations = iterations  # t: the updates made so far

    def step(self, layers, learning_rate):
        self.iterations += 1
        t = self.iterations
        step_size = learning_rate * np.sqrt(1.0 - self.beta2 ** t) / (1.0 - self.beta1 ** t)
        for layer in layers:
            layer.weight_m, layer.weight_v = self.moments(layer.weight_m, layer.weight_v, layer.dweights)
            layer.bias_m, layer.bias_v = self.moments(layer.bias_m, layer.bias_v, layer.dbiases)
            layer.weights -= layer.weight_m / (np.sqrt(layer.weight_v) + self.epsilon) * step_size
            layer.biases -= layer.bias_m / (np.sqrt(layer.bias_v) + self.epsilon) * step_size

    def moments(self, m, v, g):
        return self.beta1 * m + (1.0 - self.beta1) * g, self.beta2 * v + (1.0 - self.beta2) * (g * g)
''',
}

PENALTIES = {
    "none": '''

def add_penalty(layer):
    """No weight penalty (regularization: none): the objective is the data loss alone."""
''',
    "L2": '''

def add_penalty(layer):
    """L2 regularization: the objective is the loss + λ·½ Σ w² over the weights (never the
    biases), so ∂/∂W gains λ·W."""
    layer.dweights = layer.dweights + REGULARIZATION_RATE * layer.weights
''',
    "L1": '''

def add_penalty(layer):
    """L1 regularization: the objective is the loss + λ·Σ |w| over the weights (never the
    biases), so ∂/∂W gains λ·sign(W)."""
    layer.dweights = layer.dweights + REGULARIZATION_RATE * np.sign(layer.weights)
''',
}

SCHEDULES = {
    "constant": '''

def learning_rate_at(epoch):
    """η for the epoch after ``epoch`` epochs: the same for all."""
    return LEARNING_RATE
''',
    "step": '''

def learning_rate_at(epoch):
    """η for the epoch after ``epoch`` epochs: × SCHEDULE_FACTOR every SCHEDULE_EVERY epochs."""
    return LEARNING_RATE * SCHEDULE_FACTOR ** (epoch // SCHEDULE_EVERY)
''',
    "exponential": '''

def learning_rate_at(epoch):
    """η for the epoch after ``epoch`` epochs: × SCHEDULE_FACTOR each epoch."""
    return LEARNING_RATE * SCHEDULE_FACTOR ** epoch
''',
}

STOPPING = {
    False: '''

def stop_reason(epoch, losses):
    """Why training ends after this epoch (None: it goes on): a loss that is no longer a number."""
    if not np.isfinite(losses["train"]):
        return f"the training loss became {losses['train']}: try a smaller learning rate"
    return None
''',
    True: '''

best = {"loss": np.inf, "epoch": None, "weights": None}  # the best validation loss so far


def stop_reason(epoch, losses):
    """Why training ends after this epoch (None: it goes on): a loss that is no longer a
    number, or early stopping: PATIENCE epochs without a better validation loss (the
    best epoch's weights are then put back)."""
    if not np.isfinite(losses["train"]):
        return f"the training loss became {losses['train']}: try a smaller learning rate"
    if losses["validation"] < best["loss"]:
        weights = [(layer.weights.copy(), layer.biases.copy()) for layer in network.dense_layers]
        best.update(loss=losses["validation"], epoch=epoch, weights=weights)
    elif epoch - best["epoch"] >= PATIENCE:
        for layer, (weights, biases) in zip(network.dense_layers, best["weights"]):
            layer.weights[...], layer.biases[...] = weights, biases
        return f"early stopping: best validation loss at epoch {best['epoch']}; its weights kept"
    return None
''',
}

TRAINING = '''

# --- training -----------------------------------------------------------------------

X_ALL = np.hstack([x for x, _ in DATA.values()])  # every point, for the losses after each epoch
Y_ALL = np.hstack([y for _, y in DATA.values()])


def precision(samples):
    """The app computes a pass over FLOAT32_FROM samples or more in float32, a smaller one in float64."""
    return np.float32 if samples >= FLOAT32_FROM else np.float64


def train_step(indices, learning_rate):
    """One mini-batch: forward pass, δ at the output, backward pass, penalty, update."""
    dtype = precision(len(indices))
    if len(indices) == X_TRAIN.shape[1]:
        indices = np.arange(len(indices))  # all the points: the app sums them in their stored order
    outputs = network.forward_pass(X_TRAIN[:, indices].astype(dtype))
    delta = loss.backward_pass(outputs, Y_TRAIN[:, indices].astype(dtype))
    network.backward_pass(delta, skip_output_activation=loss.gives_delta)  # ∂L/∂W, ∂L/∂b of every layer
    for layer in network.dense_layers:
        add_penalty(layer)
    optimizer.step(network.dense_layers, learning_rate)


def evaluate():
    """The mean loss on each set of points, as the app computes it after each epoch: one
    forward pass over all the points (in float32 from FLOAT32_FROM points), each sample's
    loss against the float64 targets, and each set's mean in float64."""
    outputs = network.forward_pass(X_ALL.astype(precision(X_ALL.shape[1])))
    losses = loss.per_sample(outputs, Y_ALL)
    means, start = {}, 0
    for name, (x, _) in DATA.items():
        end = start + x.shape[1]
        if end > start:
            total = np.add.reduceat(losses[start:end], [0])[0]  # summed one after another, as the app does
            means[name] = total / (end - start)
        start = end
    return means


def report(when, losses):
    print(when + "".join(f"  {name} loss {float(value)!r}" for name, value in losses.items()))


def train(epochs):
    """Train ``epochs`` more epochs, printing each one's losses."""
    order, cursor, n = ORDER, CURSOR, X_TRAIN.shape[1]
    if TITLE:
        print(f"{TITLE!r}, from Playground")
    # where the app stopped (in the middle of an epoch: the weights after its batches so far)
    batches = f" + {-(-cursor // BATCH_SIZE)} batches" if 0 < cursor < len(order) else ""
    report(f"epoch {EPOCH}{batches}", evaluate())
    for epoch in range(EPOCH, EPOCH + epochs):  # epoch: the epochs done before this one
        if cursor >= len(order):
            # a new epoch: the training points in a new order (a full batch sums over all
            # of them, in any order, so then the app does not shuffle)
            order, cursor = (np.arange(n) if BATCH_SIZE >= n else shuffle.permutation(n)), 0
        learning_rate = learning_rate_at(epoch)
        for start in range(cursor, len(order), BATCH_SIZE):
            train_step(order[start:start + BATCH_SIZE], learning_rate)
        cursor = len(order)
        losses = evaluate()
        report(f"epoch {epoch + 1}", losses)
        reason = stop_reason(epoch + 1, losses)
        if reason:
            print(reason)
            return


if __name__ == "__main__":
    train(int(sys.argv[1]) if len(sys.argv) > 1 else EPOCHS)
'''
