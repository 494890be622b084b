"""Reference values for test/fixtures/dataset.json, computed with pandas and scikit-learn.

Fairlearn and AIF360 cannot be installed here (no PyPI access), so this script follows their
source line by line on top of the real pandas/scikit-learn functions they call — the parts whose
conventions matter: sklearn's confusion_matrix(normalize='true') and precision_score
zero_division, accuracy_score with weights, calibration_curve binning, pandas' NaN-skipping
min/max/mean, groupby + reindex over the product of sensitive values (Fairlearn's
DisaggregatedResult), ratio_sub_one, Python's builtin max/min, and numpy float division.

Run (Debian: apt-get install python3-sklearn python3-pandas):
    python3 libs/fairness/test/reference.py > libs/fairness/test/fixtures/reference.json
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd
import sklearn
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
df = pd.DataFrame(json.load(open(os.path.join(HERE, "fixtures", "dataset.json"))))
SENS = ["gender", "ethnicity"]


# --- fairlearn/metrics/_base_metrics.py (labels [0, 1], pos_label 1) --------------------------
def _rates(y, p, w):
    tnr, fpr, fnr, tpr = skm.confusion_matrix(y, p, sample_weight=w, labels=[0, 1], normalize="true").ravel()
    return tnr, fpr, fnr, tpr


def selection_rate(y, p, w):
    selected = np.asarray(p) == 1
    return np.dot(selected, w) / w.sum()


def base_metrics(frame):
    y, p, w = frame["y"].values, frame["yhat"].values, frame["w"].values.astype(float)
    tnr, fpr, fnr, tpr = _rates(y, p, w)
    acc = skm.accuracy_score(y, p, sample_weight=w)
    return pd.Series(
        {
            "count": len(y),
            "selectionRate": selection_rate(y, p, w),
            "truePositiveRate": tpr,
            "falsePositiveRate": fpr,
            "falseNegativeRate": fnr,
            "trueNegativeRate": tnr,
            "precision": skm.precision_score(y, p, sample_weight=w),
            "accuracy": acc,
            "errorRate": 1 - acc,
        }
    )


# --- fairlearn/metrics/_disaggregated_result.py ------------------------------------------------
overall = base_metrics(df)
by_group = df.groupby(SENS).apply(base_metrics)
by_group = by_group.reindex(pd.MultiIndex.from_product([np.unique(df[c]) for c in SENS], names=SENS))


def ratio_sub_one(x):
    if x > 1:
        return 1 / x
    return x


group_min = by_group.min()
group_max = by_group.max()
diff_between = (by_group - group_min).abs().max()
diff_overall = (by_group - overall).abs().max()
ratio_between = group_min / group_max
ratio_overall = (by_group / overall).apply(lambda x: x.transform(ratio_sub_one)).min()


def eo(method_diff, method_ratio):
    d = pd.Series({"tpr": method_diff["truePositiveRate"], "fpr": method_diff["falsePositiveRate"]})
    r = pd.Series({"tpr": method_ratio["truePositiveRate"], "fpr": method_ratio["falsePositiveRate"]})
    return {"diffWorst": max(d), "diffMean": d.mean(), "ratioWorst": min(r), "ratioMean": r.mean()}


eo_between = eo(diff_between, ratio_between)
eo_overall = eo(diff_overall, ratio_overall)

# --- AIF360 ClassificationMetric with instance weights (privileged gender == male) --------------
priv = df[df.gender == "male"]
unpriv = df[df.gender != "male"]


def aif_rates(frame):
    w = frame["w"].values.astype(np.float64)
    y, p = frame["y"].values, frame["yhat"].values
    tp = np.sum(w[(y == 1) & (p == 1)], dtype=np.float64)
    fp = np.sum(w[(y == 0) & (p == 1)], dtype=np.float64)
    tn = np.sum(w[(y == 0) & (p == 0)], dtype=np.float64)
    fn = np.sum(w[(y == 1) & (p == 0)], dtype=np.float64)
    with np.errstate(all="ignore"):
        return {
            "sr": (tp + fp) / (tp + fp + tn + fn),
            "tpr": tp / (tp + fn),
            "fpr": fp / (fp + tn),
            "fnr": fn / (tp + fn),
            "err": (fp + fn) / (tp + fp + tn + fn),
            "n": np.sum(w),
        }


rp, ru = aif_rates(priv), aif_rates(unpriv)


def gei(b, alpha):
    # aif360 ClassificationMetric.generalized_entropy_index, verbatim expressions
    with np.errstate(all="ignore"):
        if alpha == 1:
            return np.mean(np.log((b / np.mean(b)) ** b) / np.mean(b))
        elif alpha == 0:
            return -np.mean(np.log(b / np.mean(b)) / np.mean(b))
        else:
            return np.mean((b / np.mean(b)) ** alpha - 1) / (alpha * (alpha - 1))


b = (1 + df["yhat"].values - df["y"].values).astype(np.float64)
bg = np.zeros(len(df))
for mask in [df.gender.values == "male", df.gender.values != "male"]:
    bg[mask] = np.mean(b[mask])
ball = np.zeros(len(df))
for _, idx in df.groupby(SENS).groups.items():
    ball[df.index.get_indexer(idx)] = np.mean(b[df.index.get_indexer(idx)])

aif = {
    "disparateImpact": ru["sr"] / rp["sr"],
    "statisticalParityDifference": ru["sr"] - rp["sr"],
    "equalOpportunityDifference": ru["tpr"] - rp["tpr"],
    "averageOddsDifference": 0.5 * ((ru["fpr"] - rp["fpr"]) + (ru["tpr"] - rp["tpr"])),
    "averageAbsOddsDifference": 0.5 * (abs(ru["fpr"] - rp["fpr"]) + abs(ru["tpr"] - rp["tpr"])),
    "falsePositiveRateDifference": ru["fpr"] - rp["fpr"],
    "falseNegativeRateDifference": ru["fnr"] - rp["fnr"],
    "errorRateDifference": ru["err"] - rp["err"],
    "classImbalance": (ru["n"] - rp["n"]) / (ru["n"] + rp["n"]),
    "generalizedEntropyIndex": gei(b, 2),
    "theilIndex": gei(b, 1),
    "coefficientOfVariation": 2 * np.sqrt(gei(b, 2)),
    "betweenGroupGeneralizedEntropyIndex": gei(bg, 2),
    "betweenGroupTheilIndex": gei(bg, 1),
    "betweenAllGroupsGeneralizedEntropyIndex": gei(ball, 2),
    "betweenAllGroupsTheilIndex": gei(ball, 1),
    "gei_alpha_0": gei(b, 0),
    "gei_alpha_3": gei(b, 3),
}

# --- sklearn calibration_curve per group (unweighted, 10 uniform bins) --------------------------
calib = {}
for key, frame in df.groupby(SENS):
    prob_true, prob_pred = calibration_curve(frame["y"], frame["score"], n_bins=10, strategy="uniform")
    calib["|".join(key)] = {"fractionPositive": prob_true.tolist(), "meanPredicted": prob_pred.tolist()}


# --- Fairlearn MetricFrame with a control feature (ethnicity controls, gender is sensitive) -----
CTRL, SF = ["ethnicity"], ["gender"]
c_overall = df.groupby(CTRL).apply(base_metrics)
c_by_group = df.groupby(CTRL + SF).apply(base_metrics)
c_by_group = c_by_group.reindex(pd.MultiIndex.from_product([np.unique(df[c]) for c in CTRL + SF], names=CTRL + SF))
c_min = c_by_group.groupby(level=CTRL).agg("min")
c_max = c_by_group.groupby(level=CTRL).agg("max")
c_diff_between = (c_by_group - c_min).abs().groupby(level=CTRL).max()
c_diff_overall = (c_by_group - c_overall).abs().groupby(level=CTRL).max()
c_ratio_between = c_min / c_max
c_ratios = c_by_group.unstack(level=CTRL) / c_overall.unstack(level=CTRL)
c_ratio_overall = c_ratios.apply(lambda x: x.transform(ratio_sub_one)).min().unstack(0)

# --- Aequitas Group.get_crosstabs (unweighted) + Bias majority reference + Fairness tau 0.8 -----
def aequitas(attr):
    divide = lambda x, y: x / y if y != 0 else np.nan
    rows = []
    k = int((df["yhat"] == 1).sum())
    for value, g in df.groupby(attr):
        tp = int(((g.y == 1) & (g.yhat == 1)).sum()); fp = int(((g.y == 0) & (g.yhat == 1)).sum())
        tn = int(((g.y == 0) & (g.yhat == 0)).sum()); fn = int(((g.y == 1) & (g.yhat == 0)).sum())
        rows.append({
            "attribute_value": value, "group_size": len(g),
            "ppr": divide(fp + tp, k), "pprev": divide(fp + tp, len(g)), "precision": divide(tp, tp + fp),
            "fdr": divide(fp, fp + tp), "for": divide(fn, fn + tn), "fpr": divide(fp, fp + tn),
            "fnr": divide(fn, fn + tp), "tpr": divide(tp, fn + tp), "tnr": divide(tn, fp + tn), "npv": divide(tn, fn + tn),
        })
    ct = pd.DataFrame(rows)
    metrics = ["ppr", "pprev", "precision", "fdr", "for", "fpr", "fnr", "tpr", "tnr", "npv"]
    major = ct.loc[ct["group_size"].idxmax()]
    disp = ct[metrics].divide(major[metrics].values.astype(float)).replace(np.inf, 10.0)
    fair = disp.applymap(lambda x: np.nan if np.isnan(x) else (True if 0.8 <= x <= 1 / 0.8 else False))
    return {
        str(r.attribute_value): {
            "metrics": {m: r[m] for m in metrics},
            "disparities": {m: disp.loc[i, m] for m in metrics},
            "parity": {m: (None if isinstance(fair.loc[i, m], float) else bool(fair.loc[i, m])) for m in metrics},
            "reference": str(major.attribute_value),
        }
        for i, r in ct.iterrows()
    }


def clean(v):
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if v is None or isinstance(v, (bool, np.bool_)):
        return v if v is None else bool(v)
    if isinstance(v, (np.floating, float, np.integer, int)):
        f = float(v)
        return f if math.isfinite(f) else ("NaN" if math.isnan(f) else ("Infinity" if f > 0 else "-Infinity"))
    return v


def series(s):
    return {k: clean(v) for k, v in s.items()}


control = {
    str(level): {
        "overall": series(c_overall.loc[level]),
        "byGroup": {str(g): series(c_by_group.loc[(level, g)]) for g in np.unique(df[SF[0]])},
        "groupMin": series(c_min.loc[level]),
        "groupMax": series(c_max.loc[level]),
        "differenceBetween": series(c_diff_between.loc[level]),
        "differenceToOverall": series(c_diff_overall.loc[level]),
        "ratioBetween": series(c_ratio_between.loc[level]),
        "ratioToOverall": series(c_ratio_overall.loc[level]),
    }
    for level in np.unique(df[CTRL[0]])
}

out = {
    "generator": f"reference.py with pandas {pd.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
    "overall": series(overall),
    "byGroup": {"|".join(k): series(r) for k, r in by_group.iterrows()},
    "groupMin": series(group_min),
    "groupMax": series(group_max),
    "differenceBetween": series(diff_between),
    "differenceToOverall": series(diff_overall),
    "ratioBetween": series(ratio_between),
    "ratioToOverall": series(ratio_overall),
    "equalizedOdds": {"betweenGroups": clean(eo_between), "toOverall": clean(eo_overall)},
    "aif360": clean(aif),
    "calibration": clean(calib),
    "control": control,
    "aequitas": {attr: clean(aequitas(attr)) for attr in SENS},
}
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
