"""Project settings. Kedro's defaults apply: OmegaConfigLoader, conf/base and conf/local, DataCatalog."""
