"""Writes synthetic raw inputs for this example: companies.csv, reviews.csv and shuttles.xlsx.

They have the columns and value formats of Kedro's spaceflights tutorial data ("90%", "$1,325.0", "t"/"f", some
missing values), so the pipelines run unchanged on them, and the same seed always gives the same rows. Prices
depend on the shuttle's features, so the models learn something.

Usage, in this folder, with an interpreter that has the project's dependencies (pandas and openpyxl):
  python generate_raw_data.py [OUTPUT_DIR] [--seed N]      # OUTPUT_DIR defaults to data/01_raw
"""

import argparse
import csv
import os
import random

COMPANIES = 300
SHUTTLES = 900
LOCATIONS = ["Isle of Man", "Niue", "Malta", "Anguilla", "Andorra", "Faroe Islands", "Tuvalu", "Monaco"]
SHUTTLE_TYPES = ["Type V5", "Type F5", "Type V2", "Type F3"]
ENGINE_TYPES = ["Quantum", "Plasma", "Nuclear"]
ENGINE_VENDORS = ["ThetaBase Services", "Banks, Wood and Phillips", "Rozelle Propulsion"]
POLICIES = ["strict", "moderate", "flexible"]


def _flag(rng, probability):
    return "t" if rng.random() < probability else "f"


def companies(rng):
    rows = []
    for company_id in range(1, COMPANIES + 1):
        rating = "" if rng.random() < 0.05 else "{}%".format(rng.randint(60, 100))
        location = "" if rng.random() < 0.03 else rng.choice(LOCATIONS)
        rows.append([company_id, rating, location, float(rng.randint(1, 20)), _flag(rng, 0.6)])
    return ["id", "company_rating", "company_location", "total_fleet_count", "iata_approved"], rows


def shuttles(rng):
    rows = []
    for shuttle_id in range(10_000, 10_000 + SHUTTLES):
        engines = rng.randint(1, 4)
        capacity = rng.randint(2, 12)
        crew = rng.randint(1, 6)
        d_check = _flag(rng, 0.7)
        moon = _flag(rng, 0.5)
        price = 800 + 150 * engines + 90 * capacity + 40 * crew + (120 if d_check == "t" else 0)
        price += rng.gauss(0, 60)
        rows.append(
            [
                shuttle_id,
                rng.choice(LOCATIONS),
                rng.choice(SHUTTLE_TYPES),
                rng.choice(ENGINE_TYPES),
                rng.choice(ENGINE_VENDORS),
                engines,
                capacity,
                rng.choice(POLICIES),
                crew,
                d_check,
                moon,
                "${:,.1f}".format(round(price, 1)),
                rng.randint(1, COMPANIES),
            ]
        )
    header = [
        "id",
        "shuttle_location",
        "shuttle_type",
        "engine_type",
        "engine_vendor",
        "engines",
        "passenger_capacity",
        "cancellation_policy",
        "crew",
        "d_check_complete",
        "moon_clearance_complete",
        "price",
        "company_id",
    ]
    return header, rows


def reviews(rng):
    rows = []
    for shuttle_id in range(10_000, 10_000 + SHUTTLES):
        if rng.random() < 0.1:
            continue  # a shuttle nobody reviewed
        scores = [float(rng.randint(6, 10)) for _ in range(6)]
        rating = "" if rng.random() < 0.03 else float(rng.randint(60, 100))
        rows.append([shuttle_id, rating] + scores + [rng.randint(1, 80), round(rng.uniform(0.1, 5.0), 2)])
    header = [
        "shuttle_id",
        "review_scores_rating",
        "review_scores_comfort",
        "review_scores_amenities",
        "review_scores_trip",
        "review_scores_crew",
        "review_scores_location",
        "review_scores_price",
        "number_of_reviews",
        "reviews_per_month",
    ]
    return header, rows


def write_csv(path, table):
    header, rows = table
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path, table):
    import pandas  # the project's own dependency; imported here so that --help needs nothing

    header, rows = table
    pandas.DataFrame(rows, columns=header).to_excel(path, index=False, engine="openpyxl")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write synthetic spaceflights raw data.")
    parser.add_argument("output_dir", nargs="?", default=os.path.join("data", "01_raw"))
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args(argv)
    os.makedirs(args.output_dir, exist_ok=True)
    # One generator per table: each table stays the same when another one changes.
    write_csv(os.path.join(args.output_dir, "companies.csv"), companies(random.Random(args.seed)))
    write_csv(os.path.join(args.output_dir, "reviews.csv"), reviews(random.Random(args.seed + 1)))
    write_xlsx(os.path.join(args.output_dir, "shuttles.xlsx"), shuttles(random.Random(args.seed + 2)))
    print("Wrote companies.csv, reviews.csv and shuttles.xlsx to " + args.output_dir)


if __name__ == "__main__":
    main()
