using System.Linq.Expressions;

namespace AktivResept.Server.Data.Queries;

/// <summary>
/// Compiles each nested lambda of an expression that uses nothing from outside itself once, and puts the delegate in
/// its place. A lambda nested in a compiled expression is otherwise made into a delegate every time the code around
/// it runs (<c>DynamicMethod.CreateDelegate</c>): EF Core's shaper for a collection include passes its inner shaper
/// and its fix-up as such lambdas, so a page of prescriptions with their history made several delegates for every
/// row read (8 % of the app's CPU in a search, docs/benchmarks.md, issue 19). A closed lambda means the same whether
/// it is made each time or once; a lambda that reads a variable of the code around it (a closure) is left as it is,
/// and so is anything quoted (an expression tree kept as data).
/// </summary>
public static class ClosedLambdas
{
    /// <summary>The lambda with its closed nested lambdas made into delegate constants; the lambda itself stays a lambda.</summary>
    public static LambdaExpression Lift(LambdaExpression root) => new Lifter().Inside(root);

    private sealed class Lifter : ExpressionVisitor
    {
        /// <summary>The lambda, still a lambda, with what is inside it lifted.</summary>
        public LambdaExpression Inside(LambdaExpression lambda) =>
            Expression.Lambda(lambda.Type, Visit(lambda.Body), lambda.Name, lambda.TailCall, lambda.Parameters);

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var lambda = Inside(node);
            return FreeVariables.Any(lambda) ? lambda : Expression.Constant(lambda.Compile(), lambda.Type);
        }

        // A lambda invoked where it stands is compiled inline, with no delegate made; it stays so.
        protected override Expression VisitInvocation(InvocationExpression node) => node.Expression is LambdaExpression invoked
            ? node.Update(Inside(invoked), Visit(node.Arguments))
            : base.VisitInvocation(node);

        protected override Expression VisitUnary(UnaryExpression node) =>
            node.NodeType == ExpressionType.Quote ? node : base.VisitUnary(node);
    }

    /// <summary>Whether an expression reads a parameter or variable it does not declare itself.</summary>
    private sealed class FreeVariables : ExpressionVisitor
    {
        private readonly List<IReadOnlyCollection<ParameterExpression>> _bound = [];
        private bool _found;

        public static bool Any(LambdaExpression lambda)
        {
            var finder = new FreeVariables();
            finder.Visit(lambda);
            return finder._found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= !_bound.Any(scope => scope.Contains(node));
            return node;
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => Within(node.Parameters, () => base.VisitLambda(node));

        protected override Expression VisitBlock(BlockExpression node) => Within(node.Variables, () => base.VisitBlock(node));

        protected override CatchBlock VisitCatchBlock(CatchBlock node) =>
            node.Variable is { } variable ? Within([variable], () => base.VisitCatchBlock(node)) : base.VisitCatchBlock(node);

        private TNode Within<TNode>(IReadOnlyCollection<ParameterExpression> variables, Func<TNode> visit)
        {
            _bound.Add(variables);
            try
            {
                return visit();
            }
            finally
            {
                _bound.RemoveAt(_bound.Count - 1);
            }
        }
    }
}
