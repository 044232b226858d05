package dev.rosetta.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A SIGHUP that arrives while the gateway is still starting is held, not lost. */
class HangupSignalHoldTest {
  private final Semaphore reloads = new Semaphore(0);

  @Test
  void aSignalBeforeTheGatewayIsUpReloadsOnceItIs() throws InterruptedException {
    HangupSignal hangup = new HangupSignal();
    hangup.received();
    hangup.received();
    assertThat(reloads.availablePermits()).isZero();

    hangup.reloadWith(reloads::release);

    assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reloads.tryAcquire(200, TimeUnit.MILLISECONDS)).as("two early signals make one reload").isFalse();
  }

  @Test
  void aSignalAfterwardsReloadsAtOnceAndNothingIsHeldOver() throws InterruptedException {
    HangupSignal hangup = new HangupSignal();
    hangup.reloadWith(reloads::release);
    assertThat(reloads.tryAcquire(200, TimeUnit.MILLISECONDS)).as("no signal, no reload").isFalse();

    hangup.received();
    assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    hangup.received();
    assertThat(reloads.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
  }
}
