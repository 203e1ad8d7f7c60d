# Vietnamese formats as offices write them: 28.029 · 65,2 · 02/12/2016.
# Django's own vi module leaves NUMBER_GROUPING at 0 (no thousands grouping).
DATE_FORMAT = r"\n\gà\y d \t\há\n\g m \nă\m Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i \n\gà\y d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
