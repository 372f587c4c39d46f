"""Cleans the raw company, shuttle and review tables and joins them into one model input table."""

import pandas as pd


def _is_true(column: pd.Series) -> pd.Series:
    return column == "t"


def _percentage(column: pd.Series) -> pd.Series:
    return column.str.rstrip("%").astype(float) / 100


def _money(column: pd.Series) -> pd.Series:
    return column.str.replace("[$,]", "", regex=True).astype(float)


def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:
    companies = companies.copy()
    companies["iata_approved"] = _is_true(companies["iata_approved"])
    companies["company_rating"] = _percentage(companies["company_rating"])
    return companies


def preprocess_shuttles(shuttles: pd.DataFrame) -> pd.DataFrame:
    shuttles = shuttles.copy()
    shuttles["d_check_complete"] = _is_true(shuttles["d_check_complete"])
    shuttles["moon_clearance_complete"] = _is_true(shuttles["moon_clearance_complete"])
    shuttles["price"] = _money(shuttles["price"])
    return shuttles


def create_model_input_table(
    shuttles: pd.DataFrame, companies: pd.DataFrame, reviews: pd.DataFrame, min_reviews: int
) -> pd.DataFrame:
    rated_shuttles = shuttles.merge(reviews, left_on="id", right_on="shuttle_id")
    rated_shuttles = rated_shuttles[rated_shuttles["number_of_reviews"] >= min_reviews]
    table = rated_shuttles.merge(companies, left_on="company_id", right_on="id")
    return table.dropna().reset_index(drop=True)
