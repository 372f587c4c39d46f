"""Splits the model input table, fits a linear regression on the chosen features and scores it."""

import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import train_test_split


def split_data(data: pd.DataFrame, options: dict) -> tuple:
    features = data[options["features"]]
    target = data["price"]
    x_train, x_test, y_train, y_test = train_test_split(
        features, target, test_size=options["test_size"], random_state=options["random_state"]
    )
    return x_train, x_test, y_train, y_test


def train_model(x_train: pd.DataFrame, y_train: pd.Series) -> LinearRegression:
    regressor = LinearRegression()
    regressor.fit(x_train, y_train)
    return regressor


def evaluate_model(regressor: LinearRegression, x_test: pd.DataFrame, y_test: pd.Series) -> dict:
    """Metrics as {name: {"value": v, "step": 0}}: plain JSON, and what kedro-mlflow's MlflowMetricsHistoryDataset
    logs to MLflow (conf/mlflow)."""
    predicted = regressor.predict(x_test)
    metrics = {
        "r2_score": float(r2_score(y_test, predicted)),
        "mae": float(mean_absolute_error(y_test, predicted)),
        "test_rows": int(len(y_test)),
    }
    return {name: {"value": value, "step": 0} for name, value in metrics.items()}
