package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {
  @Test
  void reservationsThatFitAreTakenAndOneThatDoesNotTakesNothing() {
    BodyBudget budget = new BodyBudget(100);
    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.tryReserve(41)).isFalse();
    assertThat(budget.inUse()).isEqualTo(60);
    assertThat(budget.tryReserve(40)).isTrue();
    budget.release(60);
    budget.release(40);
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void theDefaultIsAQuarterOfTheSmallerOfHeapAndDirectMemoryButNeverLessThanOneBodyAtTheLimit() {
    assertThat(BodyBudget.defaultBytes(96L << 20, 64L << 20, 16 << 20)).isEqualTo(16L << 20);
    assertThat(BodyBudget.defaultBytes(1L << 30, 1L << 30, 16 << 20)).isEqualTo(256L << 20);
    assertThat(BodyBudget.defaultBytes(32L << 20, 64L << 20, 16 << 20)).isEqualTo(16L << 20);
    assertThatThrownBy(() -> new BodyBudget(0)).hasMessageContaining("positive");
  }
}
