package dev.kedrovertexai.core.python;

import dev.kedrovertexai.core.TestTools.Tool;

/** The real-Kedro tests on the newest Kedro 0.19.x, the line many projects still use. */
class Kedro019LiveTest extends KedroLiveTest {
  Kedro019LiveTest() {
    super(Tool.KEDRO_0_19);
  }
}
