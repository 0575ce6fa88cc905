using System.Linq.Expressions;
using AktivResept.Server.Data.Queries;
using AktivResept.Server.Features.Programmes;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// A rule written once as an expression is put in place of its method in a query (<see cref="QueryRules.Inline{T}"/>),
/// so the database sees the rule, not a method it cannot translate, and in memory the method says the same.
/// </summary>
public sealed class QueryRulesTests
{
    private static readonly Guid Gym = Guid.NewGuid();

    [Theory]
    [InlineData("0301", null, "0301", null, true)]
    [InlineData("0301", null, "5001", null, false)]
    [InlineData(null, "gym", "0301", "gym", true)]
    [InlineData(null, "other", "0301", "gym", false)]
    [InlineData(null, null, "0301", null, false)]
    public void The_inlined_rule_and_the_method_agree(string? callerKommune, string? callerGym, string programmeKommune, string? programmeGym, bool managed)
    {
        var programme = new Programme { Kommunenummer = programmeKommune, ProviderId = programmeGym is null ? null : Gym };
        Guid? provider = callerGym switch { null => null, "gym" => Gym, _ => Guid.NewGuid() };

        var inlined = QueryRules.Inline<Func<Programme, bool>>(p => ProgrammeAccess.IsManagedBy(p, callerKommune, provider));

        new CallFinder().Calls(inlined).ShouldBe(0);
        inlined.Compile()(programme).ShouldBe(managed);
        ProgrammeAccess.IsManagedBy(programme, callerKommune, provider).ShouldBe(managed);
    }

    private sealed class CallFinder : ExpressionVisitor
    {
        private int _calls;

        public int Calls(Expression expression)
        {
            Visit(expression);
            return _calls;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            _calls += node.Method.Name == nameof(ProgrammeAccess.IsManagedBy) ? 1 : 0;
            return base.VisitMethodCall(node);
        }
    }
}
