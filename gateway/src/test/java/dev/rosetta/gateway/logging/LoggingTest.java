package dev.rosetta.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logback as the command line sets it up: text or JSON lines on stderr, levels per logger, JUL bridged. */
class LoggingTest {
  @AfterEach
  void backToTheDefaults() {
    Logging.apply(LogOptions.defaults());
  }

  private static Map<String, Value> json(String line) throws Exception {
    Struct.Builder struct = Struct.newBuilder();
    JsonFormat.parser().merge(line, struct);
    return struct.build().getFieldsMap();
  }

  @Test
  void textLinesCarryTimeLevelShortLoggerNameAndMessage() {
    Logging.apply(LogOptions.defaults());
    try (StderrCapture err = new StderrCapture()) {
      LoggerFactory.getLogger("dev.rosetta.gateway.Sample").info("listening on {}", 8080);
      assertThat(err.lines()).singleElement().asString()
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO Sample - listening on 8080");
    }
  }

  @Test
  void textLinesPutAnExceptionsStackTraceOnTheLinesBelow() {
    Logging.apply(LogOptions.defaults());
    try (StderrCapture err = new StderrCapture()) {
      LoggerFactory.getLogger("dev.rosetta.gateway.Sample").warn("cannot reload", new IllegalStateException("boom"));
      assertThat(err.lines().get(0)).endsWith(" WARN Sample - cannot reload");
      assertThat(err.lines().get(1)).isEqualTo("java.lang.IllegalStateException: boom");
      assertThat(err.lines().get(2)).contains("at dev.rosetta.gateway.logging.LoggingTest");
    }
  }

  @Test
  void jsonLinesAreOneObjectEachWithKeyValuesAndTheStackTrace() throws Exception {
    Logging.apply(LogOptions.of(LogOptions.Format.JSON, List.of()));
    try (StderrCapture err = new StderrCapture()) {
      Logger log = LoggerFactory.getLogger("dev.rosetta.gateway.Sample");
      log.atWarn().addKeyValue("status", 503).addKeyValue("target", "a:1").addKeyValue("quote", "say \"hi\"\n")
          .log("backend {} failed", "a:1");
      log.error("it broke", new IllegalStateException("boom"));
      List<String> lines = err.lines();
      assertThat(lines).hasSize(2);
      Map<String, Value> first = json(lines.get(0));
      assertThat(first.get("level").getStringValue()).isEqualTo("WARN");
      assertThat(first.get("logger").getStringValue()).isEqualTo("dev.rosetta.gateway.Sample");
      assertThat(first.get("message").getStringValue()).isEqualTo("backend a:1 failed");
      assertThat(first.get("status").getNumberValue()).isEqualTo(503);
      assertThat(first.get("target").getStringValue()).isEqualTo("a:1");
      assertThat(first.get("quote").getStringValue()).isEqualTo("say \"hi\"\n");
      assertThat(Instant.parse(first.get("timestamp").getStringValue())).isBefore(Instant.now().plusSeconds(1));
      Map<String, Value> second = json(lines.get(1));
      assertThat(second.get("exception").getStringValue())
          .startsWith("java.lang.IllegalStateException: boom").contains("at dev.rosetta.gateway.logging.LoggingTest");
    }
  }

  @Test
  void levelsApplyPerLoggerAndToTheLoggersBelowIt() {
    Logging.apply(LogOptions.of(LogOptions.Format.TEXT, List.of("dev.rosetta=debug", "dev.rosetta.gateway.quiet=error")));
    assertThat(LoggerFactory.getLogger("dev.rosetta.gateway.Gateway").isDebugEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger("dev.rosetta.gateway.quiet.Inner").isWarnEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("org.example.Other").isDebugEnabled()).isFalse();
  }

  @Test
  void javaUtilLoggingRecordsArriveInTheSameFormatAndObeyTheSameLevels() {
    Logging.apply(LogOptions.of(LogOptions.Format.JSON, List.of()));
    java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc.internal.SomeClass");
    // io.grpc is at WARN by default: the level reaches java.util.logging, so FINE is never even built.
    assertThat(grpc.isLoggable(java.util.logging.Level.INFO)).isFalse();
    try (StderrCapture err = new StderrCapture()) {
      grpc.info("not shown");
      grpc.warning("shown");
      assertThat(err.lines()).singleElement().asString()
          .contains("\"level\":\"WARN\"").contains("\"logger\":\"io.grpc.internal.SomeClass\"").contains("\"message\":\"shown\"");
    }
    Logging.apply(LogOptions.of(LogOptions.Format.TEXT, List.of("io.grpc=debug")));
    assertThat(grpc.isLoggable(java.util.logging.Level.FINE)).isTrue();
  }
}
