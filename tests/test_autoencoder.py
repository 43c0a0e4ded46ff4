"""The sigmoid autoencoder: analytic gradient, training, saving, bad input."""

import numpy as np
import pytest

from lib.autoencoder import SparseAutoencoder, StackedAutoencoder, _shuffling_stream, gradient_check


@pytest.mark.parametrize("tied", [False, True])
@pytest.mark.parametrize("sparsity_weight", [0.0, 3.0])
def test_gradient_matches_finite_differences_float64(tied, sparsity_weight):
    rng = np.random.default_rng(0)
    X = rng.uniform(0.05, 0.95, (15, 6))
    ae = SparseAutoencoder(4, weight_decay=1e-3, sparsity=0.1, sparsity_weight=sparsity_weight, tied=tied)
    theta = ae._initial_parameters(6) + rng.normal(0, 0.2, ae._initial_parameters(6).shape)
    assert gradient_check(ae, X, theta) < 1e-8


@pytest.mark.parametrize("tied", [False, True])
def test_float32_gradient_agrees_with_float64(tied):
    rng = np.random.default_rng(1)
    X = rng.uniform(0.05, 0.95, (200, 16))
    ae64 = SparseAutoencoder(5, weight_decay=1e-3, sparsity=0.1, sparsity_weight=3.0, tied=tied)
    ae32 = SparseAutoencoder(5, weight_decay=1e-3, sparsity=0.1, sparsity_weight=3.0, tied=tied, dtype="float32")
    theta = ae64._initial_parameters(16)
    c64, g64 = ae64.cost_and_gradient(theta, X)
    c32, g32 = ae32.cost_and_gradient(theta, X)
    assert abs(c32 - c64) < 1e-5 * abs(c64)
    assert np.linalg.norm(g32 - g64) < 1e-4 * np.linalg.norm(g64)
    # and float32 differences agree with the float32 gradient to float32 accuracy
    assert gradient_check(ae32, X, theta, step=1e-3) < 1e-2


def test_training_reconstructs_what_it_learned():
    # Eight binary patterns, four hidden units: 2^4 >= 8 codes, so the patterns can be learned.
    patterns = np.array([[int(b) for b in f"{k:03b}" * 2] for k in range(8)], dtype=float)
    X = 0.1 + 0.8 * patterns
    ae = SparseAutoencoder(4, weight_decay=1e-5, sparsity_weight=0.0, max_iter=500, random_state=0).fit(X)
    assert ae.loss_curve_[-1] < 0.1 * ae.loss_curve_[0]
    assert np.all(np.diff(ae.loss_curve_) <= 1e-12)  # L-BFGS with a line search never goes up
    err_train = np.mean((ae.reconstruct(X) - X) ** 2)
    other = 0.1 + 0.8 * np.random.default_rng(1).integers(0, 2, (50, 6))
    other = other[~(other[:, :3] == other[:, 3:]).all(axis=1)]  # not of the learned form
    err_other = np.mean((ae.reconstruct(other) - other) ** 2)
    assert err_train < 0.2 * err_other


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_adam_lowers_the_loss(dtype):
    X = np.random.default_rng(2).uniform(0.1, 0.9, (300, 10))
    ae = SparseAutoencoder(4, solver="adam", max_iter=30, batch_size=32, learning_rate=1e-2, dtype=dtype,
                           random_state=0).fit(X)
    assert len(ae.loss_curve_) == 30
    initial = SparseAutoencoder(4, random_state=0).cost_and_gradient(ae._initial_parameters(10), X)[0]
    assert ae.loss_curve_[-1] < 0.5 * initial


def test_shapes_and_jacobian():
    X = np.random.default_rng(3).uniform(0.1, 0.9, (40, 7))
    ae = SparseAutoencoder(3, max_iter=30, random_state=0).fit(X)
    assert ae.encoder_weights_.shape == (3, 7) and ae.decoder_weights_.shape == (7, 3)
    assert ae.transform(X).shape == (40, 3) and ae.reconstruct(X).shape == (40, 7)
    x = X[0]
    for of, f in (("encoder", lambda z: ae.transform(z[None])[0]), ("map", lambda z: ae.reconstruct(z[None])[0])):
        J = ae.jacobian(x, of=of)
        numeric = np.column_stack([(f(x + e) - f(x - e)) / 2e-6 for e in 1e-6 * np.eye(7)])
        assert np.allclose(J, numeric, atol=1e-8)


def test_at_iteration_is_the_network_as_it_was_at_a_snapshot():
    X = np.random.default_rng(3).uniform(0.1, 0.9, size=(30, 5))
    ae = SparseAutoencoder(3, max_iter=12, snapshot_every=6, random_state=0).fit(X)
    # the same training stopped at 6 iterations is the snapshot at 6 (L-BFGS is deterministic)
    short = SparseAutoencoder(3, max_iter=6, random_state=0).fit(X)
    early = ae.at_iteration(6)
    assert np.allclose(early.reconstruct(X), short.reconstruct(X), atol=1e-12)
    assert not np.allclose(early.reconstruct(X), ae.reconstruct(X), atol=1e-6)
    assert np.allclose(ae.at_iteration(12).reconstruct(X), ae.reconstruct(X), atol=1e-12)
    assert np.array_equal(ae.at_iteration(0).encoder_weights_, ae.snapshots_[0][1])
    with pytest.raises(ValueError, match="iteration must be one of the snapshot iterations"):
        ae.at_iteration(5)
    with pytest.raises(ValueError, match="kept no snapshots"):
        short.at_iteration(6)


def test_snapshots_record_the_encoder_during_training():
    X = np.random.default_rng(0).uniform(0.1, 0.9, (30, 5))
    ae = SparseAutoencoder(3, max_iter=20, snapshot_every=5, random_state=0).fit(X)
    iterations = [i for i, _ in ae.snapshots_]
    assert iterations[0] == 0 and iterations == list(range(0, ae.n_iter_ + 1, 5))
    assert np.array_equal(ae.snapshots_[0][1], ae._initial_parameters(5)[:15].reshape(3, 5))
    if ae.n_iter_ % 5 == 0:
        assert np.array_equal(ae.snapshots_[-1][1], ae.encoder_weights_)


def test_same_seed_same_model():
    X = np.random.default_rng(0).uniform(0.1, 0.9, (30, 5))
    a = SparseAutoencoder(3, max_iter=30, random_state=4).fit(X)
    b = SparseAutoencoder(3, max_iter=30, random_state=4).fit(X)
    assert np.array_equal(a.encoder_weights_, b.encoder_weights_)
    c = SparseAutoencoder(3, max_iter=30, random_state=5).fit(X)
    assert not np.array_equal(a.encoder_weights_, c.encoder_weights_)


def test_save_load_round_trip(tmp_path):
    X = np.random.default_rng(0).uniform(0.1, 0.9, (30, 5))
    ae = SparseAutoencoder(3, tied=True, max_iter=20, dtype="float32", random_state=1).fit(X)
    ae.save(tmp_path / "model.npz")
    back = SparseAutoencoder.load(tmp_path / "model.npz")
    assert np.array_equal(back.reconstruct(X), ae.reconstruct(X))
    assert (back.tied, back.dtype, back.n_hidden, back.loss_curve_) == (True, "float32", 3, ae.loss_curve_)


def test_bad_input():
    X = np.full((4, 3), 0.5)
    with pytest.raises(TypeError, match="callback must be None or a function"):
        SparseAutoencoder(2, callback=3).fit(X)
    with pytest.raises(ValueError, match="random_state must be an int or None to save"):
        SparseAutoencoder(2, max_iter=2, random_state=np.random.default_rng(0)).fit(X).save("unused.npz")
    with pytest.raises(TypeError, match="params must be SparseAutoencoder's parameters"):
        StackedAutoencoder([2], n_hidden=3).fit(X)
    with pytest.raises(ValueError, match=r"X must lie in \[0, 1\]"):
        SparseAutoencoder(2).fit(np.full((3, 3), 2.0))
    with pytest.raises(ValueError, match="X must be finite"):
        SparseAutoencoder(2).fit([[np.nan, 0.5]])
    with pytest.raises(ValueError, match="X must have 2 dimension"):
        SparseAutoencoder(2).fit(np.full(3, 0.5))
    with pytest.raises(ValueError, match=r"sparsity must lie in \(0, 1\)"):
        SparseAutoencoder(2, sparsity=1.5).fit(X)
    with pytest.raises(ValueError, match="sparsity must be finite and > 0"):
        SparseAutoencoder(2, sparsity=0.0).fit(X)
    with pytest.raises(ValueError, match="n_hidden must be >= 1"):
        SparseAutoencoder(0).fit(X)
    with pytest.raises(TypeError, match="n_hidden must be an integer"):
        SparseAutoencoder("5").fit(X)
    with pytest.raises(ValueError, match="dtype must be one of 'float64', 'float32'"):
        SparseAutoencoder(2, dtype="float16").fit(X)
    with pytest.raises(ValueError, match="solver must be one of 'lbfgs', 'adam'"):
        SparseAutoencoder(2, solver="sgd").fit(X)
    with pytest.raises(RuntimeError, match="not fitted"):
        SparseAutoencoder(2).transform(np.zeros((1, 3)))
    ae = SparseAutoencoder(2, max_iter=5).fit(np.full((4, 3), 0.5))
    with pytest.raises(ValueError, match="X must have 3 columns"):
        ae.transform(np.zeros((1, 4)))
    with pytest.raises(ValueError, match="theta must have"):
        ae.cost_and_gradient(np.zeros(3), np.full((4, 3), 0.5))
    with pytest.raises(ValueError, match="of must be one of 'encoder', 'map'"):
        ae.jacobian(np.full(3, 0.5), of="decoder")


def test_stack_pretrains_layer_by_layer():
    X = np.random.default_rng(4).uniform(0.1, 0.9, (60, 9))
    stack = StackedAutoencoder([5, 3], max_iter=30, random_state=0).fit(X)
    first = SparseAutoencoder(5, max_iter=30, random_state=0).fit(X)
    assert np.array_equal(stack.layers_[0].encoder_weights_, first.encoder_weights_)
    second = SparseAutoencoder(3, max_iter=30, random_state=1).fit(first.transform(X))
    assert np.allclose(stack.transform(X), second.transform(first.transform(X)))
    assert stack.reconstruct(X).shape == X.shape


def test_fine_tuning_gradient_and_effect():
    from lib.autoencoder import StackedAutoencoder

    rng = np.random.default_rng(5)
    X = rng.uniform(0.1, 0.9, (25, 6))
    stack = StackedAutoencoder([4, 3], max_iter=20, random_state=0).fit(X)
    theta = stack._flatten(stack._chain()) + rng.normal(0, 0.1, stack._flatten(stack._chain()).shape)
    _, grad = stack.chain_cost_and_gradient(theta, X)
    numeric = np.array([
        (stack.chain_cost_and_gradient(theta + e, X)[0] - stack.chain_cost_and_gradient(theta - e, X)[0]) / 2e-6
        for e in 1e-6 * np.eye(theta.size)
    ])
    assert np.linalg.norm(grad - numeric) / np.linalg.norm(grad + numeric) < 1e-8
    before = np.mean((stack.reconstruct(X) - X) ** 2)
    tuned = StackedAutoencoder([4, 3], fine_tune_iter=50, max_iter=20, random_state=0).fit(X)
    assert np.mean((tuned.reconstruct(X) - X) ** 2) < before
    assert len(tuned.fine_tune_curve_) > 0


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("as_generator", [False, True])
def test_adams_shuffling_shares_no_draw_with_the_initial_weights(seed, as_generator):
    """The minibatch order and the initial weights come from independent streams of one seed."""
    initial = set(np.random.default_rng(seed).random(2000))  # the stream the initial weights are drawn from
    shuffling = set(_shuffling_stream(np.random.default_rng(seed) if as_generator else seed).random(2000))
    assert not initial & shuffling


def test_the_constructor_stores_and_fit_checks():
    """scikit-learn's contract: any arguments are stored as given; fit says what is wrong."""
    ae = SparseAutoencoder(0, sparsity=2.0, solver="sgd")
    assert (ae.n_hidden, ae.sparsity, ae.solver) == (0, 2.0, "sgd")
    with pytest.raises(ValueError, match="n_hidden"):
        ae.fit(np.full((4, 3), 0.5))


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_the_callback_sees_every_iteration_and_its_loss(solver):
    seen = []
    ae = SparseAutoencoder(2, max_iter=6, solver=solver, batch_size=2, random_state=0,
                           callback=lambda iteration, loss: seen.append((iteration, loss))).fit(np.full((4, 3), 0.5))
    assert seen == list(enumerate(ae.loss_curve_, start=1)) and len(seen) == ae.n_iter_


def test_save_and_load_keep_every_parameter(tmp_path):
    ae = SparseAutoencoder(3, weight_decay=2e-4, sparsity=0.05, sparsity_weight=1.5, tied=True, max_iter=4,
                           solver="adam", batch_size=2, learning_rate=0.01, dtype="float32", random_state=11,
                           snapshot_every=2, callback=lambda i, loss: None).fit(np.full((4, 3), 0.5))
    ae.save(tmp_path / "model.npz")
    back = SparseAutoencoder.load(tmp_path / "model.npz")
    expected = ae.get_params() | {"callback": None}  # a function is not saved
    assert back.get_params() == expected


@pytest.mark.parametrize("tied", [False, True])
def test_weighted_rows_count_as_repeated_rows(tied):
    rng = np.random.default_rng(3)
    X = rng.uniform(0.05, 0.95, (7, 6))
    counts = np.array([1, 3, 0, 2, 5, 1, 4])
    model = SparseAutoencoder(4, sparsity=0.1, sparsity_weight=2.0, tied=tied, random_state=1)
    theta = model._initial_parameters(6) + rng.normal(0, 0.3, model._initial_parameters(6).shape)
    weighted = model.cost_and_gradient(theta, X, sample_weight=counts)
    repeated = model.cost_and_gradient(theta, np.repeat(X, counts, axis=0))
    assert weighted[0] == pytest.approx(repeated[0], rel=1e-12)
    assert np.allclose(weighted[1], repeated[1], rtol=1e-10, atol=1e-14)
    # a weight that is not a count: doubling every weight changes nothing, halving one row's does
    assert model.cost_and_gradient(theta, X, sample_weight=2.0 * counts)[0] == pytest.approx(weighted[0], rel=1e-12)
    assert model.cost_and_gradient(theta, X, sample_weight=counts * [1, 1, 1, 1, 0.5, 1, 1])[0] != pytest.approx(
        weighted[0], rel=1e-6)


def test_training_on_weighted_distinct_rows_is_training_on_the_sample():
    rng = np.random.default_rng(0)
    sample = rng.integers(0, 2, (300, 5)).astype(float) * 0.8 + 0.1  # 5-pixel binary images: many repeats
    distinct, counts = np.unique(sample, axis=0, return_counts=True)
    assert len(distinct) < len(sample) // 2
    params = dict(sparsity=0.1, max_iter=60, random_state=2, snapshot_every=20)
    full = SparseAutoencoder(5, **params).fit(sample)
    short = SparseAutoencoder(5, **params).fit(distinct, sample_weight=counts)
    assert np.allclose(full.loss_curve_, short.loss_curve_, rtol=1e-7)
    assert np.allclose(full.encoder_weights_, short.encoder_weights_, atol=1e-5)
    # and not the same as the distinct rows unweighted
    plain = SparseAutoencoder(5, **params).fit(distinct)
    assert not np.allclose(plain.loss_curve_[-1], full.loss_curve_[-1], rtol=1e-3)


def test_bad_sample_weight():
    X = np.full((4, 3), 0.5)
    ae = SparseAutoencoder(2, max_iter=2)
    for weights, message in (([1, 2, 3], "one entry per row"), ([1, -1, 1, 1], "nonnegative"),
                             ([0, 0, 0, 0], "not all zero"), ([[1, 1, 1, 1]], "dimension"),
                             ([1, np.nan, 1, 1], "finite"), (["a"] * 4, "real numbers")):
        with pytest.raises((ValueError, TypeError), match=message):
            ae.fit(X, sample_weight=weights)
    with pytest.raises(ValueError, match="sample_weight is for solver='lbfgs'"):
        SparseAutoencoder(2, solver="adam", max_iter=1).fit(X, sample_weight=[1, 1, 1, 1])
    with pytest.raises(ValueError, match="one entry per row"):
        ae.cost_and_gradient(ae._initial_parameters(3), X, sample_weight=[1])
