package io.livecart.models.btyd;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over positive parameters, as the lifetimes library does: Nelder-Mead
 * on the logarithms of the parameters (so every step stays positive), restarted from its own
 * optimum until a restart no longer improves it, which frees the simplex when it collapses early.
 */
final class MaximumLikelihood {
  private static final int MAX_RESTARTS = 20;

  private MaximumLikelihood() {}

  /** The positive parameters that maximise {@code logLikelihood}, starting from {@code start}. */
  static double[] maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
    ObjectiveFunction objective =
        new ObjectiveFunction(
            logs -> {
              double value = logLikelihood.applyAsDouble(exp(logs));
              return Double.isFinite(value) ? value : -Double.MAX_VALUE;
            });
    SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
    double[] logs = new double[start.length];
    for (int i = 0; i < start.length; i++) {
      logs[i] = Math.log(start[i]);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int restart = 0; restart < MAX_RESTARTS; restart++) {
      PointValuePair optimum =
          optimizer.optimize(
              objective,
              GoalType.MAXIMIZE,
              new InitialGuess(logs),
              new NelderMeadSimplex(logs.length, 0.5),
              new MaxEval(100_000));
      logs = optimum.getPoint();
      if (optimum.getValue() - best < 1e-9) {
        break;
      }
      best = optimum.getValue();
    }
    return exp(logs);
  }

  private static double[] exp(double[] logs) {
    double[] values = new double[logs.length];
    for (int i = 0; i < logs.length; i++) {
      values[i] = Math.exp(logs[i]);
    }
    return values;
  }
}
