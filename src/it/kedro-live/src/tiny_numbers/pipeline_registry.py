"""Three nodes in a line: two memory datasets cross them, the last output is a catalog dataset."""

from kedro.pipeline import Pipeline, node


def make_numbers(count):
    return list(range(1, count + 1))


def square(numbers):
    return [number * number for number in numbers]


def summarize(squares):
    return {"count": len(squares), "sum_of_squares": sum(squares)}


def register_pipelines():
    pipeline = Pipeline(
        [
            node(make_numbers, "params:count", "numbers", name="make_numbers"),
            node(square, "numbers", "squares", name="square"),
            node(summarize, "squares", "summary", name="summarize"),
        ]
    )
    return {"__default__": pipeline}
