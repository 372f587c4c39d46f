"""spaceflights: a small Kedro project that kedro-vertexai-maven-plugin compiles into a Vertex AI pipeline."""

__version__ = "0.1.0"
