package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http2.Http2Settings;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The {@code HTTP2-Settings} header of an {@code Upgrade: h2c} request (RFC 7540 section 3.2.1). */
class H2cUpgradeCodecTest {
  @Test
  void theHeaderCarriesTheClientsSettings() {
    // SETTINGS_MAX_CONCURRENT_STREAMS 100, SETTINGS_INITIAL_WINDOW_SIZE 65535, as curl sends them.
    Http2Settings settings = H2cUpgradeCodec.decode("AAMAAABkAAQAAP__");
    assertThat(settings.maxConcurrentStreams()).isEqualTo(100L);
    assertThat(settings.initialWindowSize()).isEqualTo(65_535);
    assertThat(H2cUpgradeCodec.decode("")).as("no settings at all is allowed").isEmpty();
  }

  @Test
  void aMalformedHeaderDeclinesTheUpgrade() {
    assertThatThrownBy(() -> H2cUpgradeCodec.decode("AAMAAAB")).as("not whole settings")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> H2cUpgradeCodec.decode("AAM*AABk")).as("not base64url")
        .isInstanceOf(IllegalArgumentException.class);
    byte[] windowOf2To31 = {0, 4, (byte) 0x80, 0, 0, 0};
    assertThatThrownBy(() -> H2cUpgradeCodec.decode(Base64.getUrlEncoder().encodeToString(windowOf2To31)))
        .as("SETTINGS_INITIAL_WINDOW_SIZE out of its range").isInstanceOf(IllegalArgumentException.class);
  }
}
