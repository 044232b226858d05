package dev.rosetta.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of one kind of WARN line writes a bounded number of lines, then says how many it dropped. */
class RateLimitedLogTest {
  private final AtomicLong clock = new AtomicLong();
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("flood");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  RateLimitedLogTest() {
    lines.setContext(context);
    lines.start();
    logger.addAppender(lines);
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aFloodWritesTheFirstLinesOfEachIntervalAndThenOneLineCountingTheRest() {
    RateLimitedLog log = new RateLimitedLog(logger, "refusals", 3, Duration.ofSeconds(10), clock::get);
    for (int i = 0; i < 1000; i++) {
      log.warn("refused {}", i);
    }
    assertThat(messages()).containsExactly("refused 0", "refused 1", "refused 2");

    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    for (int i = 1000; i < 2000; i++) {
      log.warn("refused {}", i);
    }
    assertThat(messages()).hasSize(7).endsWith(
        "suppressed 997 more lines of refusals (at most 3 every 10 s)", "refused 1000", "refused 1001", "refused 1002");
  }

  @Test
  void linesWithinTheirShareAreAllWrittenAndNothingIsCountedAsDropped() {
    RateLimitedLog log = new RateLimitedLog(logger, "faults", 3, Duration.ofSeconds(1), clock::get);
    for (int i = 0; i < 6; i++) {
      log.warn("fault {}", i);
      clock.addAndGet(Duration.ofMillis(600).toNanos());
    }
    assertThat(messages()).containsExactly("fault 0", "fault 1", "fault 2", "fault 3", "fault 4", "fault 5");
  }

  @Test
  void nothingIsCountedWhileWarningsAreOff() {
    logger.setLevel(ch.qos.logback.classic.Level.ERROR);
    RateLimitedLog log = new RateLimitedLog(logger, "faults", 1, Duration.ofSeconds(1), clock::get);
    log.warn("a");
    log.warn("b");
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    log.warn("c");
    assertThat(messages()).containsExactly("c");
  }
}
