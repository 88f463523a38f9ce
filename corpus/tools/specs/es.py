# ruff: noqa: E501  (data module: long titles and citations are kept on one line)
"""Spanish sample documents. All wording is invented sample text; titles, numbers and dates of
laws are used only as facts."""

from corpus.tools.sample import SampleDoc as D

DOCS = [
    D(
        id="ESP-LAW-CP-TRATA-2010",
        type="legislation",
        title="Código Penal, Título VII bis: De la trata de seres humanos (extracto, muestra)",
        country="ESP",
        language="es",
        date="2010-06-22",
        dates={"adopted": "2010-06-22", "in_force": "2010-12-23"},
        fmt="txt",
        path="esp/codigo-penal-trata-2010.txt",
        crime_types=["trafficking-in-persons", "migrant-smuggling"],
        issues=["criminalization", "prosecution-sanctions", "legal-persons-liability", "victim-protection"],
        metadata={"law_title": "Ley Orgánica 5/2010, de 22 de junio, por la que se modifica el Código Penal"},
        body="""
# TÍTULO VII bis. De la trata de seres humanos

## Artículo 177 bis

Será castigado con la pena de cinco a ocho años de prisión como reo de trata de seres humanos el que, empleando
violencia, intimidación o engaño, o abusando de una situación de superioridad o de necesidad o de vulnerabilidad
de la víctima, la captare, transportare, trasladare, acogiere o recibiere con alguna de las finalidades de
explotación laboral, sexual, para la comisión de delitos o para la extracción de órganos. El consentimiento de
la víctima será irrelevante cuando se haya recurrido a alguno de dichos medios.

## Artículo 177 ter

Cuando de acuerdo con lo establecido en el artículo 31 bis una persona jurídica sea responsable de los delitos
comprendidos en este Título, se le impondrá la pena de multa del triple al quíntuple del beneficio obtenido,
pudiendo además acordarse su disolución o la suspensión de sus actividades.

## Artículo 177 quater

La víctima de trata de seres humanos quedará exenta de pena por las infracciones penales que haya cometido en la
situación de explotación sufrida, siempre que su participación en ellas haya sido consecuencia directa de la
situación de violencia, intimidación, engaño o abuso a que haya sido sometida.

# TÍTULO XV bis. De los delitos contra los derechos de los ciudadanos extranjeros

## Artículo 318 bis

El que intencionadamente ayude a una persona que no sea nacional de un Estado miembro de la Unión Europea a entrar
en territorio español o a transitar a través del mismo vulnerando la legislación sobre entrada o tránsito de
extranjeros, será castigado con una pena de multa de tres a doce meses o prisión de tres meses a un año. La pena se
impondrá en su mitad superior cuando los hechos se cometan con ánimo de lucro o por una organización.
""",
    ),
    D(
        id="MEX-LAW-LFDO-1996",
        type="legislation",
        title="Ley Federal contra la Delincuencia Organizada (extracto, muestra)",
        country="MEX",
        language="es",
        date="1996-11-07",
        dates={"adopted": "1996-11-07", "in_force": "1996-11-08"},
        fmt="html",
        path="mex/ley-federal-delincuencia-organizada.html",
        crime_types=["organized-crime-participation", "drug-offences"],
        issues=["criminalization", "crim-participation", "special-investigative-techniques", "witness-protection",
                "cooperation-with-law-enforcement", "international-cooperation"],
        metadata={"law_title": "Ley Federal contra la Delincuencia Organizada"},
        body="""
# CAPÍTULO ÚNICO. De la naturaleza, objeto y aplicación de la ley

## Artículo 2

Cuando tres o más personas se organicen de hecho para realizar, en forma permanente o reiterada, conductas que por
sí o unidas a otras tienen como fin o resultado cometer alguno de los delitos previstos en este artículo, serán
sancionadas por ese solo hecho como miembros de la delincuencia organizada. Entre dichos delitos se encuentran los
delitos contra la salud, el acopio y tráfico de armas, la trata de personas y las operaciones con recursos de
procedencia ilícita.

# CAPÍTULO III. De las órdenes de cateo y de intervención de comunicaciones privadas

## Artículo 16

Cuando en la investigación de algún delito de delincuencia organizada el Ministerio Público considere necesaria la
intervención de comunicaciones privadas, lo solicitará por escrito al juez de control, expresando el objeto y
necesidad de la intervención, los indicios que hacen presumir fundadamente la participación del investigado y la
duración de la medida, que no podrá exceder de seis meses.

# CAPÍTULO VI. De la protección de personas

## Artículo 34

La Fiscalía General de la República prestará apoyo y protección suficientes a jueces, peritos, testigos, víctimas
y demás personas, cuando por su intervención en un procedimiento penal sobre delitos en materia de delincuencia
organizada así se requiera, incluyendo la reserva de su identidad y, en su caso, la reubicación.

# CAPÍTULO VII. De la colaboración en la persecución de la delincuencia organizada

## Artículo 35

El miembro de la delincuencia organizada que preste ayuda eficaz para la investigación y persecución de otros
miembros de la misma podrá recibir los beneficios siguientes: cuando no exista averiguación previa en su contra,
los elementos de prueba que aporte no serán tomados en cuenta en su contra; cuando exista proceso, la pena que le
corresponda podrá ser reducida hasta en dos terceras partes.
""",
    ),
    D(
        id="COL-LAW-EXTINCION-2014",
        type="legislation",
        title="Ley 1708 de 2014, Código de Extinción de Dominio (extracto, muestra)",
        country="COL",
        language="es",
        date="2014-01-20",
        dates={"adopted": "2014-01-20"},
        fmt="pdf",
        path="col/ley-1708-2014-extincion-dominio.pdf",
        header="MUESTRA / SAMPLE - Diario Oficial (no oficial)",
        crime_types=["money-laundering", "drug-offences", "corruption"],
        issues=["confiscation-seizure", "confiscation-cooperation", "international-cooperation"],
        metadata={"law_title": "Ley 1708 de 2014, por medio de la cual se expide el Código de Extinción de Dominio"},
        body="""
# TÍTULO I. Principios generales

## Artículo 15. Concepto

La extinción de dominio es una consecuencia patrimonial de actividades ilícitas o que deterioran gravemente la
moral social, consistente en la declaración de titularidad a favor del Estado de los bienes a que se refiere esta
ley, por sentencia, sin contraprestación ni compensación de naturaleza alguna para el afectado.

## Artículo 16. Causales

Se declarará extinguido el dominio sobre los bienes que sean producto directo o indirecto de una actividad ilícita,
los que correspondan al objeto material de la actividad ilícita, los que provengan de la transformación o
conversión de otros bienes de origen ilícito, y los que hayan sido utilizados como medio o instrumento para la
ejecución de actividades ilícitas.

# TÍTULO VI. Medidas cautelares

## Artículo 88. Clases de medidas cautelares

Antes de la presentación de la demanda de extinción de dominio, el fiscal podrá decretar la suspensión del poder
dispositivo, el embargo y el secuestro de los bienes, dineros en depósito en el sistema financiero y títulos
valores, cuando existan elementos de juicio suficientes que permitan considerar su probable vínculo con alguna
causal de extinción de dominio.

# TÍTULO VIII. Cooperación internacional

## Artículo 197. Cooperación

Los tratados y convenios de cooperación judicial suscritos por Colombia serán plenamente aplicables para la
obtención de pruebas, la identificación y localización de bienes y la ejecución de sentencias de extinción de
dominio. A falta de tratado, la cooperación se prestará con base en la reciprocidad, y los bienes podrán
compartirse con el Estado requirente.
""",
    ),
    D(
        id="ARG-CASE-TRATA-2019",
        type="case",
        title="Cámara Federal de Casación Penal, Sala IV, causa \"G., R. s/ recurso de casación\" (muestra)",
        country="ARG",
        language="es",
        date="2019-08-29",
        dates={"decided": "2019-08-29"},
        fmt="json",
        path="arg/cfcp-2019-trata.json",
        crime_types=["trafficking-in-persons"],
        issues=["criminalization", "victim-protection", "prosecution-sanctions", "confiscation-seizure"],
        metadata={
            "court": "Cámara Federal de Casación Penal, Sala IV",
            "case_number": "FMP 00000/2016 (muestra)",
            "parties": [
                {"role": "prosecution", "name": "Ministerio Público Fiscal"},
                {"role": "appellant", "name": "R. G. (ficticio)"},
            ],
            "charges": ["Trata de personas con fines de explotación laboral agravada (arts. 145 bis y ter del Código Penal)"],
            "outcome": "Recurso rechazado; condena a ocho años de prisión confirmada; decomiso del inmueble",
            "summary": "Caso ficticio de explotación laboral en un taller textil clandestino.",
        },
        body="""
# Hechos

Se tuvo por acreditado que el imputado captó en el extranjero a seis personas, entre ellas dos menores de edad,
mediante ofrecimientos engañosos de trabajo, les pagó el traslado y las alojó en un taller textil donde debían
trabajar más de catorce horas diarias, con retención de sus documentos y descuentos por supuestas deudas de viaje.

# Fundamentos de derecho

El tribunal recordó que el consentimiento de la víctima no excluye la responsabilidad penal del autor cuando media
abuso de una situación de vulnerabilidad, y que la retención de documentos y el endeudamiento inducido constituyen
medios típicos. La declaración de las víctimas, prestada en cámara Gesell, resultó coherente y fue corroborada por
la inspección del lugar. Asimismo, corresponde el decomiso de los bienes utilizados para cometer el delito.

# Fallo

Rechazar el recurso de casación interpuesto por la defensa, con costas; confirmar la condena a ocho años de
prisión y el decomiso del inmueble donde funcionaba el taller, y disponer la reparación económica de las víctimas
conforme al artículo 23 del Código Penal.
""",
    ),
    D(
        id="ESP-CASE-TS-2017",
        type="case",
        title="Tribunal Supremo, Sala de lo Penal, Sentencia sobre tráfico de drogas en alta mar (muestra)",
        country="ESP",
        language="es",
        date="2017-03-14",
        dates={"decided": "2017-03-14"},
        fmt="md",
        path="esp/ts-2017-trafico-maritimo.md",
        crime_types=["drug-offences", "migrant-smuggling", "piracy-maritime"],
        issues=["jurisdiction", "law-enforcement-cooperation", "international-cooperation", "prosecution-sanctions"],
        metadata={
            "court": "Tribunal Supremo, Sala de lo Penal",
            "case_number": "STS 000/2017, Recurso de casación n.º 0000/2016 (muestra)",
            "parties": [
                {"role": "prosecution", "name": "Ministerio Fiscal"},
                {"role": "appellant", "name": "Tripulantes del buque \"Estrella\" (ficticios)"},
            ],
            "charges": ["Delito contra la salud pública (art. 368 CP)", "Favorecimiento de la inmigración ilegal (art. 318 bis CP)"],
            "outcome": "Recurso desestimado; se confirma la jurisdicción española",
            "summary": "Caso ficticio sobre el abordaje de un buque sin pabellón con droga y migrantes a bordo.",
        },
        body="""
# Antecedentes de hecho

Una patrullera del Servicio de Vigilancia Aduanera abordó en aguas internacionales un buque sin pabellón en el que
se hallaron 3.000 kilogramos de hachís y once personas extranjeras sin documentación que habían pagado por ser
trasladadas a las costas españolas. La tripulación fue detenida y conducida al puerto de Almería.

# Fundamentos de derecho

La Sala reitera que el artículo 23.4 de la Ley Orgánica del Poder Judicial, en relación con el artículo 17 de la
Convención de Viena de 1988, permite el abordaje de buques sin nacionalidad y el ejercicio de la jurisdicción
española sobre el tráfico de drogas. El abordaje fue comunicado al Estado cuyo pabellón se invocó inicialmente, que
negó la matrícula. La ayuda al tránsito irregular de personas por mar con ánimo de lucro está igualmente tipificada.

# Fallo

Desestimar los recursos de casación interpuestos por los acusados contra la sentencia de la Audiencia Nacional,
que se confirma en todos sus extremos, con imposición de las costas a los recurrentes.
""",
    ),
    D(
        id="PER-STRAT-FORESTAL-2021",
        type="strategy",
        title="Estrategia Nacional de lucha contra la tala ilegal y el tráfico de fauna silvestre 2021-2025 (muestra)",
        country="PER",
        language="es",
        date="2021-04-22",
        dates={"adopted": "2021-04-22"},
        fmt="txt",
        path="per/estrategia-tala-ilegal-2021.txt",
        crime_types=["wildlife-forest-fisheries", "corruption"],
        issues=["prevention", "training-technical-assistance", "law-enforcement-cooperation"],
        metadata={"summary": "Estrategia nacional ficticia con párrafos numerados."},
        body="""
# I. Diagnóstico

1. La tala ilegal y el comercio ilícito de madera y de especies de fauna silvestre afectan a la Amazonía peruana,
generan pérdidas económicas y fomentan la corrupción de funcionarios encargados del control forestal. Las redes
que operan en estas actividades suelen estar vinculadas al lavado de activos y a la minería ilegal.

2. Los principales puntos críticos se encuentran en las rutas fluviales, los puestos de control y los puertos de
exportación, donde se utilizan documentos de transporte falsificados para dar apariencia legal a la madera.

# II. Objetivos estratégicos

3. Fortalecer la trazabilidad de los productos forestales mediante un sistema electrónico de guías de transporte
accesible en tiempo real a la autoridad forestal, la policía y la fiscalía especializada en materia ambiental.

4. Prevenir la participación de comunidades en actividades ilícitas mediante proyectos productivos sostenibles,
campañas de sensibilización y mecanismos de denuncia protegidos.

5. Capacitar anualmente a fiscales, jueces, policías y guardaparques en la identificación de especies, la
investigación financiera y la cooperación con autoridades de países vecinos.

# III. Seguimiento

6. La Comisión Multisectorial publicará un informe anual de avance con indicadores sobre volúmenes decomisados,
procesos iniciados y personal capacitado.
""",
    ),
    D(
        id="MEX-LAW-MONUMENTOS-1972",
        type="legislation",
        title="Ley Federal sobre Monumentos y Zonas Arqueológicos, Artísticos e Históricos (extracto, muestra)",
        country="MEX",
        language="es",
        date="1972-05-06",
        dates={"adopted": "1972-04-28", "published": "1972-05-06"},
        fmt="txt",
        path="mex/ley-monumentos-1972.txt",
        crime_types=["cultural-property-trafficking"],
        issues=["criminalization", "prosecution-sanctions", "confiscation-seizure", "prevention"],
        metadata={"law_title": "Ley Federal sobre Monumentos y Zonas Arqueológicos, Artísticos e Históricos"},
        body="""
# CAPÍTULO I. Disposiciones generales

## Artículo 1o.

El objeto de esta ley es de interés social y nacional y sus disposiciones de orden público. Corresponde a las
autoridades federales la investigación, protección, conservación y restauración de los monumentos arqueológicos,
artísticos e históricos y de las zonas de monumentos, así como la prevención de su saqueo y exportación ilícita.

## Artículo 27

Son propiedad de la Nación, inalienables e imprescriptibles, los monumentos arqueológicos muebles e inmuebles. Su
posesión por particulares sólo se permitirá previo registro ante el instituto competente, el cual podrá
inspeccionarlos en cualquier momento y ordenar las medidas necesarias para su conservación.

# CAPÍTULO VI. De las sanciones

## Artículo 50

Al que sin permiso de la autoridad competente, por cualquier medio, realice trabajos materiales de exploración
arqueológica, se le impondrá prisión de tres a diez años y multa, y se decomisarán los bienes obtenidos y los
instrumentos empleados. Las mismas penas se aplicarán a quien, a sabiendas, adquiera o comercie con bienes así
obtenidos.

## Artículo 53

Al que por cualquier medio pretenda sacar o saque del país un monumento arqueológico, artístico o histórico sin
permiso del instituto competente, se le impondrá prisión de cinco a doce años y multa. Los bienes recuperados
serán restituidos al patrimonio de la Nación.
""",
    ),
    D(
        id="ARG-LAW-COOPERACION-1997",
        type="legislation",
        title="Ley 24.767 de Cooperación Internacional en Materia Penal (extracto, muestra)",
        country="ARG",
        language="es",
        date="1996-12-18",
        dates={"adopted": "1996-12-18", "promulgated": "1997-01-13"},
        fmt="pdf",
        path="arg/ley-24767-cooperacion-internacional.pdf",
        header="MUESTRA / SAMPLE/ARG/LEY-24767",
        crime_types=["drug-offences", "organized-crime-participation"],
        issues=["international-cooperation", "extradition", "mutual-legal-assistance", "transfer-sentenced-persons"],
        metadata={"law_title": "Ley 24.767 de Cooperación Internacional en Materia Penal"},
        body="""
# TÍTULO I. Principios generales

## Artículo 1

La República Argentina prestará a cualquier Estado que lo requiera la más amplia ayuda relacionada con la
investigación, el juzgamiento y la punición de delitos que correspondan a la jurisdicción de aquél. Las
autoridades que intervengan actuarán con la mayor diligencia para que la tramitación se cumpla con prontitud.

## Artículo 3

En ausencia de tratado que la prescriba, la ayuda estará subordinada a la existencia u ofrecimiento de
reciprocidad. Cuando exista un tratado entre el Estado requirente y la República Argentina, sus normas regirán el
trámite de la ayuda, y las disposiciones de esta ley servirán para interpretar el texto del tratado.

# TÍTULO II. Extradición

## Artículo 6

Para que proceda la extradición de una persona para someterla a proceso, el hecho materia del proceso deberá
constituir un delito que tanto en la ley argentina cuanto en la del Estado requirente tenga prevista una pena
privativa de libertad con mínimo y máximo tales que su semisuma sea al menos de un año.

## Artículo 12

Si el requerido para la realización de un proceso fuese nacional argentino, podrá optar por ser juzgado por los
tribunales argentinos, a no ser que fuese aplicable al caso un tratado que obligue a la extradición de nacionales.
En tal caso se le juzgará en el país, según la ley penal argentina, siempre que el Estado requirente preste
conformidad y remita los antecedentes.

# TÍTULO IV. Asistencia en la investigación y juzgamiento de delitos

## Artículo 67

La asistencia comprende la notificación de actos procesales, la recepción de declaraciones, la obtención de
documentos y de prueba, la práctica de registros, secuestros e inspecciones, el traslado de personas detenidas
para prestar testimonio y la identificación, el embargo y el decomiso de bienes producto del delito.

# TÍTULO V. Cumplimiento de condenas

## Artículo 82

Las personas condenadas en el extranjero podrán cumplir la pena en la República Argentina, y las condenadas en
el país podrán cumplirla en su Estado de nacionalidad, conforme a los tratados aplicables y con el consentimiento
del condenado.
""",
    ),
]
