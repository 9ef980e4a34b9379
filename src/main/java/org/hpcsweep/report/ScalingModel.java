package org.hpcsweep.report;

import java.util.List;

/**
 * The speedup models the report fits, each as S(p; θ) with its gradient in θ (for the Jacobian of the
 * least-squares fit) and the bounds that keep its parameters meaningful.
 */
public enum ScalingModel {

    /** Strong scaling: S(p) = 1/(f + (1−f)/p), f the serial fraction in [0, 1]. */
    AMDAHL("Amdahl", "S(p) = 1/(f + (1−f)/p)", List.of("f")) {
        @Override
        double speedup(double p, double[] t) {
            return 1.0 / (t[0] + (1 - t[0]) / p);
        }

        @Override
        double[] gradient(double p, double[] t) {
            double d = t[0] + (1 - t[0]) / p;
            return new double[] {-(1 - 1 / p) / (d * d)};
        }

        @Override
        double[] clamp(double[] t) {
            return new double[] {Math.max(0, Math.min(1, t[0]))};
        }
    },

    /** Weak scaling: scaled speedup S(p) = p·T_1/T_p = s + (1−s)·p, s the serial fraction in [0, 1]. */
    GUSTAFSON("Gustafson", "S(p) = s + (1−s)·p", List.of("s")) {
        @Override
        double speedup(double p, double[] t) {
            return t[0] + (1 - t[0]) * p;
        }

        @Override
        double[] gradient(double p, double[] t) {
            return new double[] {1 - p};
        }

        @Override
        double[] clamp(double[] t) {
            return new double[] {Math.max(0, Math.min(1, t[0]))};
        }
    },

    /** Universal Scalability Law: S(p) = p/(1 + α(p−1) + βp(p−1)), contention α ≥ 0, coherency β ≥ 0. */
    USL("USL", "S(p) = p/(1 + α(p−1) + β·p(p−1))", List.of("alpha", "beta")) {
        @Override
        double speedup(double p, double[] t) {
            return p / (1 + t[0] * (p - 1) + t[1] * p * (p - 1));
        }

        @Override
        double[] gradient(double p, double[] t) {
            double d = 1 + t[0] * (p - 1) + t[1] * p * (p - 1);
            double q = -p / (d * d);
            return new double[] {q * (p - 1), q * p * (p - 1)};
        }

        @Override
        double[] clamp(double[] t) {
            return new double[] {Math.max(0, t[0]), Math.max(0, t[1])};
        }
    };

    private final String title;
    private final String formula;
    private final List<String> parameters;

    ScalingModel(String title, String formula, List<String> parameters) {
        this.title = title;
        this.formula = formula;
        this.parameters = parameters;
    }

    abstract double speedup(double p, double[] theta);

    abstract double[] gradient(double p, double[] theta);

    /** The parameters moved into their meaningful range (the fit's parameter validator). */
    abstract double[] clamp(double[] theta);

    public String title() {
        return title;
    }

    public String formula() {
        return formula;
    }

    public List<String> parameters() {
        return parameters;
    }

    /** The JSON key, e.g. "amdahl". */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The headline model of a scaling kind; USL is fitted beside it in both. */
    public static ScalingModel headline(org.hpcsweep.study.Scaling scaling) {
        return scaling == org.hpcsweep.study.Scaling.WEAK ? GUSTAFSON : AMDAHL;
    }
}
