"""What the exit task of a Vertex AI run reports: the outcome of the run it ends."""


def report_outcome(outcome: dict) -> dict:
    """Runs after the pipeline whatever its outcome (run_config.on_exit_pipeline); a real project would notify
    someone here. The runtime parameter pipeline_outcome says how the run went."""
    return {
        "status": outcome["status"],
        "failed_tasks": list(outcome.get("failed_tasks", [])),
        "job_name": outcome.get("job_name", ""),
    }
