namespace Smarketing.Scoring.Domain;

public sealed record LogisticFit(double Intercept, IReadOnlyList<double> Weights, double Loss, int Iterations);

/// <summary>
/// Logistic regression by batch gradient descent on the mean log-loss plus an L2 penalty (λ/2)·‖w‖² on the weights
/// (not the intercept). Small, dependency-free and deterministic: the same data always gives the same weights.
/// </summary>
public static class LogisticRegression
{
    public static LogisticFit Train(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, double l2 = 0.01, double learningRate = 0.5,
        int maxIterations = 5000, double tolerance = 1e-7)
    {
        if (x.Count == 0 || x.Count != y.Count) throw new ArgumentException("Need one label per row and at least one row.");
        var n = x.Count;
        var d = x[0].Length;
        var w = new double[d];
        var b = 0.0;
        var gradient = new double[d];
        var loss = double.MaxValue;
        var iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            Array.Clear(gradient);
            var gradientB = 0.0;
            var total = 0.0;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid(b + Dot(w, x[i]));
                var error = p - (y[i] ? 1 : 0);
                for (var j = 0; j < d; j++) gradient[j] += error * x[i][j];
                gradientB += error;
                total -= y[i] ? Math.Log(Math.Max(p, 1e-15)) : Math.Log(Math.Max(1 - p, 1e-15));
            }
            var penalty = 0.0;
            for (var j = 0; j < d; j++)
            {
                penalty += w[j] * w[j];
                w[j] -= learningRate * (gradient[j] / n + l2 * w[j]);
            }
            b -= learningRate * gradientB / n;
            var next = total / n + l2 / 2 * penalty;
            if (Math.Abs(loss - next) < tolerance) { loss = next; break; }
            loss = next;
        }
        return new LogisticFit(b, w, loss, iteration);
    }

    public static double Predict(LogisticFit fit, double[] x) => Sigmoid(fit.Intercept + Dot(fit.Weights, x));

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Dot(IReadOnlyList<double> w, double[] x)
    {
        var sum = 0.0;
        for (var j = 0; j < x.Length; j++) sum += w[j] * x[j];
        return sum;
    }
}
